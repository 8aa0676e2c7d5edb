"""Authentication keys of application users: shown once when created, revoked at once when deleted."""

from __future__ import annotations

from sqlalchemy import func, select

from paystead.db.base import utcnow
from paystead.db.models import ApplicationUserKey
from paystead.errors import UnprocessableEntity
from paystead.domains.context import DomainContext
from paystead.resources.fields import format_datetime
from paystead.security.key_vault import KeyVault

MAX_ACTIVE_KEYS = 10


async def issue_key(session, vault: KeyVault, user_id: int) -> tuple[ApplicationUserKey, str]:
    """Creates an active key; returns the row and the key as shown to the user (never again)."""
    active = await session.scalar(select(func.count()).select_from(ApplicationUserKey).where(
        ApplicationUserKey.user_id == user_id, ApplicationUserKey.state == "ACTIVE"))
    if active >= MAX_ACTIVE_KEYS:
        raise UnprocessableEntity(f"An application user can hold at most {MAX_ACTIVE_KEYS} active keys; "
                                  "delete one first", code="too_many_keys")
    secret = vault.new_secret()
    key = ApplicationUserKey(user_id=user_id, state="ACTIVE", secret_ciphertext=vault.encrypt(secret, user_id))
    session.add(key)
    await session.flush()
    return key, vault.encode_for_user(secret)


def key_metadata(key: ApplicationUserKey) -> dict:
    return {"id": key.id, "state": key.state, "creationTime": format_datetime(key.created_on)}


async def list_keys(ctx: DomainContext, user_id: int) -> list[dict]:
    keys = (await ctx.session.scalars(select(ApplicationUserKey).where(
        ApplicationUserKey.user_id == user_id, ApplicationUserKey.state == "ACTIVE")
        .order_by(ApplicationUserKey.id))).all()
    return [key_metadata(key) for key in keys]


async def revoke_key(ctx: DomainContext, user_id: int, key_id: int) -> bool:
    key = await ctx.session.scalar(select(ApplicationUserKey).where(
        ApplicationUserKey.id == key_id, ApplicationUserKey.user_id == user_id,
        ApplicationUserKey.state == "ACTIVE").with_for_update())
    if key is None:
        return False
    key.state, key.revoked_on = "INACTIVE", utcnow()
    await ctx.session.flush()
    return True


async def revoke_all(session, user_id: int) -> None:
    keys = (await session.scalars(select(ApplicationUserKey).where(
        ApplicationUserKey.user_id == user_id, ApplicationUserKey.state == "ACTIVE"))).all()
    for key in keys:
        key.state, key.revoked_on = "INACTIVE", utcnow()
