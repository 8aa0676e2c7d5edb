"""The security headers of every HTML page this server sends, added in one place so that no page
can be without them: a page that sets its own Content-Security-Policy (the buyer pages, some of
which may be framed by a merchant's shop) keeps it and gets what else it lacks; any other HTML
(Swagger UI, the assets' HTML files, anything added later) gets the strict set. Pages load
nothing from outside the server; the policy says so to the browser, so that even injected
markup could not fetch or run anything foreign. Every response is also marked ``nosniff``."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# form-action is left out on purpose: browsers apply it to the redirect that follows a form's
# POST, and a payment ends by going back to the merchant's site.
_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
           "base-uri 'none'; frame-src 'self'; frame-ancestors {ancestors}")


def page_headers(*, embeddable: bool) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": _POLICY.format(ancestors="*" if embeddable else "'self'"),
        # Buyer URLs carry security tokens: never hand them on as a referrer.
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    if not embeddable:
        headers["X-Frame-Options"] = "SAMEORIGIN"  # for browsers that predate frame-ancestors
    return headers


_STRICT = page_headers(embeddable=False)
_FRAMING = ("Content-Security-Policy", "X-Frame-Options")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "x-content-type-options" not in headers:
                    headers["X-Content-Type-Options"] = "nosniff"
                if headers.get("content-type", "").lower().startswith("text/html"):
                    # A page with its own policy chose its framing: only the rest is added.
                    own_policy = "content-security-policy" in headers
                    for name, value in _STRICT.items():
                        if name.lower() not in headers and not (own_policy and name in _FRAMING):
                            headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
