"""Authenticates a request: reads the JWT, loads the user's keys and grants, checks the claims.

Two queries: the user with its keys, then its grants together with the space the request names
(one round trip fewer than reading the space on its own; the caller checks the space).
"""

from __future__ import annotations

import time
from collections import defaultdict

from sqlalchemy import bindparam, literal, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from starlette.requests import Request

from paystead.auth.caller import AccountGrant, Caller
from paystead.auth.tokens import check_claims, first_match, read_token
from paystead.db.models import (
    Account,
    ApplicationUserKey,
    Role,
    RolePermission,
    Space,
    User,
    UserAccountRole,
    UserSpaceRole,
)
from paystead.errors import Unauthorized
from paystead.security.key_vault import KeyVault
from paystead.settings import AuthSettings

ACTIVE_ACCOUNT_STATES = ("ACTIVE", "RESTRICTED_ACTIVE")
# States in which a space or account can be named by a request's Space or Account header.
LIVE_SCOPE_STATES = ("CREATE", "ACTIVE", "INACTIVE", "RESTRICTED_ACTIVE")


def request_path(request: Request) -> str:
    """Path and query exactly as sent, which is what the client signed."""
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string") or b""
    path = raw_path.decode("latin-1")
    return f"{path}?{query.decode('latin-1')}" if query else path


async def authenticate(request: Request, session: AsyncSession, vault: KeyVault, settings: AuthSettings, *,
                       space_id: int | None = None) -> tuple[Caller, tuple[int, int, str, int] | None]:
    """The caller, and with ``space_id`` the live space of that id as (id, account id, account
    path, clock offset in microseconds), or None when there is none."""
    token = read_token(request.headers.get("authorization"))
    # Core execution on the session's connection: these rows are plain tuples, and the ORM's
    # statement handling would cost more than the query itself.
    connection = await session.connection()
    rows = (await connection.execute(_USER_AND_KEYS, {"user_id": token.user_id})).all()
    if not rows:
        raise Unauthorized("No application user has the id given in the token's 'sub' claim", code="unknown_user")
    user_state, account_state = rows[0][1], rows[0][3]
    active, revoked = [], []
    for *_, key_id, key_state, ciphertext in rows:
        if key_id is None:
            continue
        secret = vault.decrypt(ciphertext, token.user_id)
        if secret is not None:
            (active if key_state == "ACTIVE" else revoked).append((key_id, secret))
    key_id, claims = first_match(active, token)
    if claims is None:
        if first_match(revoked, token)[1] is None:
            raise Unauthorized("The token's signature does not match any active key of this user",
                               code="invalid_signature")
        # Deleting a user revokes its keys; then the deletion is the more useful answer.
        if user_state != "DELETED":
            raise Unauthorized("The authentication key that signed this token has been revoked", code="key_revoked")
    # The user's and account's state are told only to a caller who proved to hold one of its keys.
    if user_state == "DELETED":
        raise Unauthorized("The application user has been deleted", code="user_deleted")
    if user_state != "ACTIVE":
        raise Unauthorized(f"The application user is inactive (state {user_state})", code="user_inactive")
    if account_state not in ACTIVE_ACCOUNT_STATES:
        raise Unauthorized("The application user's primary account is not active", code="account_inactive")
    # The token's age is about the wire: the wall clock, whatever the space's clock says.
    check_claims(claims, request_path=request_path(request), request_method=request.method, now=time.time(),
                 max_age=settings.max_token_age_seconds, max_skew=settings.max_clock_skew_seconds)
    _, _, primary_account_id, _, tenant_path, request_limit = rows[0][:6]
    caller = Caller(user_id=token.user_id, key_id=key_id, primary_account_id=primary_account_id,
                    tenant_path=tenant_path, request_limit=request_limit)
    space = await _load_grants(connection, caller, space_id)
    return caller, space


async def _load_grants(connection: AsyncConnection, caller: Caller, space_id: int | None) -> tuple | None:
    account_grants: dict[tuple, set[int]] = defaultdict(set)
    space_grants: dict[int, set[int]] = defaultdict(set)
    space = None
    if space_id is None:
        rows = await connection.execute(_GRANTS, {"user_id": caller.user_id})
    else:
        rows = await connection.execute(_GRANTS_AND_SPACE, {"user_id": caller.user_id, "space_id": space_id})
    for kind, target_id, path, applies_on_sub, permission_id, clock_offset in rows.all():
        if kind == "account":
            account_grants[(target_id, path, bool(applies_on_sub))].add(permission_id)
        elif kind == "space":
            space_grants[target_id].add(permission_id)
        else:  # the requested space; its fifth column holds its account's id
            space = (target_id, permission_id, path, clock_offset)
    caller.account_grants = [AccountGrant(a, p, s, frozenset(perms)) for (a, p, s), perms in account_grants.items()]
    caller.space_grants = {space: frozenset(perms) for space, perms in space_grants.items()}
    return space


# Built once: constructing statements per request costs more than running them.
_USER_AND_KEYS = (
    select(User.id, User.state, User.primary_account_id, Account.state, Account.path, User.request_limit,
           ApplicationUserKey.id, ApplicationUserKey.state, ApplicationUserKey.secret_ciphertext)
    .join(Account, Account.id == User.primary_account_id)
    .outerjoin(ApplicationUserKey, ApplicationUserKey.user_id == User.id)
    .where(User.id == bindparam("user_id"), User.user_type == "APPLICATION_USER")
)

# Every permission the user holds, on accounts and in spaces, through active roles (the last
# column is the requested space's clock offset, below; the grants have none).
_NO_CLOCK = literal_column("0")
_GRANT_BRANCHES = (
    select(literal("account"), UserAccountRole.account_id, Account.path, UserAccountRole.applies_on_sub_account,
           RolePermission.permission_id, _NO_CLOCK)
    .join(Account, Account.id == UserAccountRole.account_id)
    .join(Role, Role.id == UserAccountRole.role_id)
    .join(RolePermission, RolePermission.role_id == Role.id)
    .where(UserAccountRole.user_id == bindparam("user_id"), Role.state == "ACTIVE",
           Account.state.in_(ACTIVE_ACCOUNT_STATES)),
    select(literal("space"), UserSpaceRole.space_id, literal(""), literal(False), RolePermission.permission_id,
           _NO_CLOCK)
    .join(Role, Role.id == UserSpaceRole.role_id)
    .join(RolePermission, RolePermission.role_id == Role.id)
    .where(UserSpaceRole.user_id == bindparam("user_id"), Role.state == "ACTIVE"),
)
_GRANTS = union_all(*_GRANT_BRANCHES)
# The same, plus one row for the space named by the request (its account id in the fifth column,
# its clock in the last: the request runs on the space's clock, see paystead.clock).
_GRANTS_AND_SPACE = union_all(
    *_GRANT_BRANCHES,
    select(literal("requested space"), Space.id, Account.path, literal(False), Space.account_id, Space.clock_offset_us)
    .join(Account, Account.id == Space.account_id)
    .where(Space.id == bindparam("space_id"), Space.state.in_(LIVE_SCOPE_STATES)),
)
