"""Process-wide state of one API process: settings, database, key vault, rate limiter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from paystead.db.engine import create_engine
from paystead.db.unit_of_work import SessionHook, session_factory
from paystead.ratelimit import RateLimiter, create_rate_limiter
from paystead.security.derived_keys import CardVault, Signer
from paystead.security.key_vault import KeyVault
from paystead.security.master_key import load_master_key
from paystead.settings import Settings
from paystead.webhooks.signing import KeyBox
from paystead.webhooks.transport import webhook_client


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker
    vault: KeyVault
    rate_limiter: RateLimiter
    card_vault: CardVault
    credential_signer: Signer
    webhook_keys: KeyBox
    # The plugged-in processors by processor id (paystead.payments.processors.registry); every
    # other processor is the built-in simulator.
    processors: dict = field(default_factory=dict)
    _webhook_client: httpx.AsyncClient | None = field(default=None, repr=False)

    def webhook_client(self) -> httpx.AsyncClient:
        """One client for webhook sends, so that connections to receivers are kept alive."""
        if self._webhook_client is None:
            self._webhook_client = webhook_client(self.settings)
        return self._webhook_client

    @classmethod
    def create(cls, settings: Settings, *, session_hooks: Iterable[SessionHook], processors: dict | None = None
               ) -> AppState:
        """``session_hooks``: what every unit of work runs besides the column limits (the state
        events and the webhook outbox); ``processors``: the plugged-in payment processors
        (``paystead.modules.create_state`` passes both)."""
        engine = create_engine(settings.resolved_database_url())
        master_key = load_master_key(settings)
        return cls(settings=settings, engine=engine, sessions=session_factory(engine, session_hooks),
                   vault=KeyVault(master_key), rate_limiter=create_rate_limiter(settings),
                   card_vault=CardVault(master_key),
                   credential_signer=Signer.for_purpose(master_key, "transaction-credentials"),
                   webhook_keys=KeyBox(master_key), processors=processors or {})

    async def close(self) -> None:
        if self._webhook_client is not None:
            await self._webhook_client.aclose()
        await self.rate_limiter.close()
        await self.engine.dispose()
