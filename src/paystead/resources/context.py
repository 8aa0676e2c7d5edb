"""What an operation handler gets: the domain context (paystead.domains.context) plus the HTTP
parts, the request, its operation, its parameters and body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from paystead.domains.context import DomainContext, PublicUrls

if TYPE_CHECKING:
    from paystead.settings import Settings

def request_urls(settings: Settings, request: Request) -> PublicUrls:
    """The configured public base URL; only without one, which sandbox mode allows, the request's
    own address (its Host header). Production mode does not start without it
    (``paystead.domains.transactions.urls.require_public_base_url``)."""
    return PublicUrls(settings.public_base_url or str(request.base_url).rstrip("/"))


@dataclass(kw_only=True)
class RequestContext(DomainContext):
    request: Request
    operation: dict
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    # The transaction that transaction credentials (instead of a JWT) give access to.
    credential_transaction_id: int | None = None

    def param(self, name: str, default=None):
        return self.params.get(name, default)
