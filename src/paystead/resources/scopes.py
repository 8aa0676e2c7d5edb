"""Every query starts scoped: what the caller may see of a resource, and where it belongs.

A scope turns "which rows may this caller see with this permission" into SQL, and says which
account (and space) an object belongs to, so that permission checks have a place to look.
Objects outside the caller's tenant are never found (404); visible objects the caller lacks
the permission for are refused (403).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, or_, select, true
from sqlalchemy.orm import aliased

from paystead.db.models import Account
from paystead.errors import Forbidden, NotFound
from paystead.payments.lifecycles import AccountState
from paystead.domains.context import DomainContext


class Scope:
    def base(self, ctx: DomainContext, model) -> Select:
        """Rows of ``model`` inside the caller's reach (before any permission filter)."""
        raise NotImplementedError

    def visible(self, ctx: DomainContext, model, permission: int | None) -> Select:
        """Rows the caller may see with ``permission`` (list and search)."""
        return select(model).where(self.condition(ctx, model, permission))

    def condition(self, ctx: DomainContext, entity, permission: int | None):
        """The SQL condition for "the caller may see this row of ``entity`` with ``permission``".

        ``entity`` is the model or an alias of it (searches through links alias a table that
        may already be in the query). Raises Forbidden when the permission is held nowhere.
        """
        raise NotImplementedError

    def check(self, ctx: DomainContext, row, extra: tuple, permission: int | None) -> None:
        """Raise Forbidden unless the caller holds ``permission`` on this row."""
        raise NotImplementedError

    async def require_create(self, ctx: DomainContext, permission: int | None, data: dict) -> None:
        """Raise Forbidden unless the caller may create, with ``permission``, the object the
        validated create body ``data`` describes, where that body places it."""
        raise NotImplementedError(f"{type(self).__name__} places no created objects")


class AccountScope(Scope):
    """Objects owned by an account (``account_column``), possibly also reachable through a
    space role (``space_column``, for spaces themselves). A create names its account in the body
    field ``created_under`` (e.g. a space's ``account``); without it, the caller's own account."""

    def __init__(self, account_column: Any, *, space_column: Any = None, created_under: str | None = None) -> None:
        self.account_column = account_column
        self.space_column = space_column
        self.created_under = created_under
        # Built once: creating an alias per request costs more than the query it serves.
        self._owner = aliased(Account)

    def base(self, ctx: DomainContext, model) -> Select:
        owner = self._owner
        return (
            select(model, owner.path)
            .join(owner, owner.id == self.account_column)
            .where(owner.path.startswith(ctx.caller.tenant_path, autoescape=True))
        )

    def condition(self, ctx: DomainContext, entity, permission: int | None):
        permission = _needed(permission)
        if not ctx.caller.holds_anywhere(permission):
            # Holding the permission nowhere is a 403, not an empty page that looks like "no data".
            raise Forbidden("The application user lacks the permission for this operation")
        condition = ctx.caller.account_condition(permission, _on(entity, self.account_column))
        if self.space_column is not None:
            spaces = ctx.caller.spaces_with(permission)
            if spaces:
                condition = or_(condition, _on(entity, self.space_column).in_(spaces))
        return condition

    def check(self, ctx: DomainContext, row, extra: tuple, permission: int | None) -> None:
        (account_path,) = extra
        account_id = _value_of(row, self.account_column)
        space_id = _value_of(row, self.space_column) if self.space_column is not None else None
        if not ctx.caller.may(_needed(permission), account_id=account_id, account_path=account_path, space_id=space_id):
            raise Forbidden("The application user lacks the permission for this operation")

    async def require_create(self, ctx: DomainContext, permission: int | None, data: dict) -> None:
        named = data.get(self.created_under) if self.created_under is not None else None
        await require_account(ctx, named or ctx.caller.primary_account_id, _needed(permission))


class SpaceScope(Scope):
    """Objects inside a space, addressed through the ``Space`` header (checked beforehand)."""

    def __init__(self, space_column: Any) -> None:
        self.space_column = space_column

    def base(self, ctx: DomainContext, model) -> Select:
        if ctx.space is None:
            return select(model).where(false())  # without a space, nothing is in reach
        return select(model).where(self.space_column == ctx.space.id)

    def condition(self, ctx: DomainContext, entity, permission: int | None):
        if ctx.space is None:
            # Reached through a link from outside any space (no Space header): nothing to see.
            return false()
        require_in_space(ctx, _needed(permission))
        return _on(entity, self.space_column) == ctx.space.id

    def check(self, ctx: DomainContext, row, extra: tuple, permission: int | None) -> None:
        require_in_space(ctx, _needed(permission))

    async def require_create(self, ctx: DomainContext, permission: int | None, data: dict) -> None:
        require_in_space(ctx, _needed(permission))


class GlobalScope(Scope):
    """Reference data every authenticated caller may read."""

    def base(self, ctx: DomainContext, model) -> Select:
        return select(model).where(true())

    def condition(self, ctx: DomainContext, entity, permission: int | None):
        return true()

    def check(self, ctx: DomainContext, row, extra: tuple, permission: int | None) -> None:
        return None


def require_in_space(ctx: DomainContext, permission: int) -> None:
    """Permissions are held per space: one check covers every object in the request's space
    (creates included, which have no row to check against)."""
    space = ctx.space
    if space is None or not ctx.caller.may(permission, account_id=space.account_id,
                                           account_path=space.account_path, space_id=space.id):
        raise Forbidden("The application user lacks the permission for this operation in this space")


async def require_account(ctx: DomainContext, account_id: int, permission: int) -> Account:
    """The live account ``account_id`` if the caller holds ``permission`` on it. One outside the
    caller's tenant answers exactly like one that does not exist, so no caller learns of it."""
    account = await ctx.session.scalar(
        select(Account).where(Account.id == account_id, Account.state.in_(AccountState.LIVE)))
    if account is None or not ctx.caller.may(permission, account_id=account.id, account_path=account.path):
        raise Forbidden(f"No permission on account {account_id} (or it does not exist)",
                        errors={"account": str(account_id)})
    return account


def _needed(permission: int | None) -> int:
    """Objects in an account or a space need a permission (only reference data, in the global
    scope, has none: its declaration says ``permission=None``)."""
    if permission is None:
        raise TypeError("a resource scoped to accounts or spaces declares its permission")
    return permission


def _on(entity, column):
    """``column`` (declared on the model) as it appears on ``entity``, the model or an alias."""
    return getattr(entity, column.key)


def _value_of(row, column) -> Any:
    return getattr(row, column.key)


def not_found(resource_name: str, object_id) -> NotFound:
    return NotFound(f"{resource_name} {object_id} was not found", errors={"id": str(object_id)})
