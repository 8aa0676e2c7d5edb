"""Rendering the buyer pages: Jinja2 templates (escaped by default) and the headers every page
carries. Pages load nothing from outside the server; the Content-Security-Policy says so to the
browser, so that even injected markup could not fetch or run anything foreign."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse, Response

from paystead.pages.i18n import Texts

STATIC_DIR = Path(__file__).parent / "static"

# form-action is left out on purpose: browsers apply it to the redirect that follows a form's
# POST, and a payment ends by going back to the merchant's site.
_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
           "base-uri 'none'; frame-src 'self'; frame-ancestors {ancestors}")


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("paystead.pages", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def security_headers(*, embeddable: bool) -> dict[str, str]:
    return {
        "Content-Security-Policy": _POLICY.format(ancestors="*" if embeddable else "'self'"),
        # Buyer URLs carry security tokens: never hand them on as a referrer.
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


def page(template: str, texts: Texts, *, status: int = 200, embeddable: bool = False, **context) -> Response:
    html = environment().get_template(template).render(t=texts, lang=texts.locale, **context)
    return HTMLResponse(html, status_code=status, headers=security_headers(embeddable=embeddable))


def message(texts: Texts, title: str, text: str, *, status: int, embeddable: bool = False) -> Response:
    return page("message.html", texts, status=status, embeddable=embeddable, title=title, text=text)
