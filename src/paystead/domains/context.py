"""What a domain service gets: its unit of work, the caller, the space (or account) it works
in, the process's services and settings, the space's clock and where buyers reach this server.

Nothing here is about HTTP. An API operation's context (``paystead.resources.context.
RequestContext``) is one of these plus the request, its operation, parameters and body; a
background job builds one of these directly (``paystead.worker.space_jobs.system_context``), so
services that take a ``DomainContext`` serve both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from paystead.auth.caller import Caller
from paystead.clock import SPACE_CLOCK, BoundClock

if TYPE_CHECKING:
    from paystead.app_state import AppState
    from paystead.settings import Settings


@dataclass(frozen=True)
class SpaceRef:
    id: int
    account_id: int
    account_path: str
    # How far the space's clock is from the wall clock (paystead.clock); the request binds it.
    clock_offset: timedelta = timedelta(0)


@dataclass(frozen=True)
class AccountRef:
    id: int
    path: str


@dataclass(frozen=True)
class PublicUrls:
    """Absolute URLs of this server, as buyers reach it (payment pages, scripts, links).

    ``base`` is the configured public base URL (``PAYSTEAD_PUBLIC_BASE_URL``). Without one,
    which only sandbox mode allows, a request uses its own address (``paystead.resources.context.
    request_urls``) and background work, which has no address to go by, builds URLs relative
    to the server's root."""

    base: str

    @classmethod
    def configured(cls, settings: Settings) -> PublicUrls:
        return cls(settings.public_base_url or "")

    def to(self, path: str) -> str:
        """``path``: from the server's root, starting with a slash."""
        return f"{self.base}{path}"


@dataclass(kw_only=True)
class DomainContext:
    session: AsyncSession
    caller: Caller
    # The process's services: settings, vaults, the plugged-in processors.
    state: AppState
    urls: PublicUrls
    space: SpaceRef | None = None
    account: AccountRef | None = None
    # The space's clock: whoever enters a space binds it (paystead.clock), this reads it.
    clock: BoundClock = SPACE_CLOCK

    @property
    def settings(self) -> Settings:
        return self.state.settings
