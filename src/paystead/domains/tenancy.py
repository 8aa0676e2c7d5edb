"""Looking up the account or space a write targets, with the caller's permission on it.

Something outside the caller's tenant answers exactly like something that does not exist,
so that no caller learns of another tenant's objects.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from paystead.db.models import Account, Space
from paystead.errors import Forbidden, UnprocessableEntity
from paystead.payments.lifecycles import CreationEntityState
from paystead.permissions.catalog import permission_id
from paystead.resources import scopes
from paystead.domains.context import DomainContext


def require_time_zone(name: str) -> None:
    """A user's or space's timeZone must be an IANA zone name; anything else is a 422."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        raise UnprocessableEntity(f"Unknown time zone {name!r}", errors={"timeZone": "unknown"}) from None


async def require_account(ctx: DomainContext, account_id: int, permission: str) -> Account:
    """The live account if the caller holds the named permission on it (403 otherwise)."""
    return await scopes.require_account(ctx, account_id, permission_id(permission))


def require_in_space(ctx: DomainContext, permission: str) -> None:
    """403 unless the caller holds the named permission in the request's space. Creates need not
    call it: the engine checks a create's permission through the resource's scope."""
    scopes.require_in_space(ctx, permission_id(permission))


async def require_space(ctx: DomainContext, space_id: int, permission: str) -> Space:
    found = (await ctx.session.execute(
        select(Space, Account.path).join(Account, Account.id == Space.account_id)
        .where(Space.id == space_id, Space.state.in_(CreationEntityState.LIVE)))).first()
    if found is None or not ctx.caller.may(permission_id(permission), account_id=found[0].account_id,
                                           account_path=found[1], space_id=space_id):
        raise Forbidden(f"No permission in space {space_id} (or it does not exist)", errors={"space": str(space_id)})
    return found[0]


def account_path(parent_path: str, account_id: int) -> str:
    return f"{parent_path or '/'}{account_id}/"
