"""Rendering the buyer pages: Jinja2 templates (escaped by default) and the headers every page
carries (``paystead.http.security_headers``: whether a page may be framed is the page's choice)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse, Response

from paystead.http.security_headers import page_headers
from paystead.pages.i18n import Texts

STATIC_DIR = Path(__file__).parent / "static"


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("paystead.pages", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def page(template: str, texts: Texts, *, status: int = 200, embeddable: bool = False, **context) -> Response:
    html = environment().get_template(template).render(t=texts, lang=texts.locale, **context)
    return HTMLResponse(html, status_code=status, headers=page_headers(embeddable=embeddable))


def message(texts: Texts, title: str, text: str, *, status: int, embeddable: bool = False) -> Response:
    return page("message.html", texts, status=status, embeddable=embeddable, title=title, text=text)
