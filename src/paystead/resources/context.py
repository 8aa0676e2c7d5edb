"""What an operation handler gets: the request, its unit of work, the caller and the parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from paystead.auth.caller import Caller

if TYPE_CHECKING:
    from paystead.app_state import AppState


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


@dataclass
class RequestContext:
    request: Request
    session: AsyncSession
    caller: Caller
    state: AppState
    operation: dict
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    space: SpaceRef | None = None
    account: AccountRef | None = None
    # The transaction that transaction credentials (instead of a JWT) give access to.
    credential_transaction_id: int | None = None

    def param(self, name: str, default=None):
        return self.params.get(name, default)
