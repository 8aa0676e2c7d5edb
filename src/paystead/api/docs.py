"""The OpenAPI document and an offline Swagger UI, mounted under the API's base path.

Swagger UI's assets come from the installed `swagger_ui_bundle` package, so the page loads
nothing from outside the server. The page runs no inline script (its settings travel as JSON
and `static/swagger-init.js` starts the UI), so that it carries the same strict
Content-Security-Policy as every page (`paystead.http.security_headers`). These routes need no
authentication.

"Try it out" calls the API: the Authorize dialog takes the application user id and
authentication key, and `swagger-init.js` signs each request in the browser (the key is never
sent; see that script). The page links both documents and says what each is for.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import orjson
from fastapi import FastAPI, Request, Response
from starlette.responses import FileResponse, HTMLResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from paystead.api.openapi30 import as_openapi_30
from paystead.contract import BASE_PATH

OPENAPI_PATH = f"{BASE_PATH}/openapi.json"
DOCS_PATH = f"{BASE_PATH}/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
# The bundled Swagger UI is 4.x, which cannot read OpenAPI 3.1: it is fed a 3.0 rendition.
UI_OPENAPI_PATH = f"{DOCS_PATH}/openapi-3.0.json"
INIT_SCRIPT_PATH = f"{DOCS_PATH}/swagger-init.js"
_INIT_SCRIPT = Path(__file__).parent / "static" / "swagger-init.js"

_SWAGGER_UI_PARAMETERS = {
    "layout": "BaseLayout",
    "deepLinking": True,
    "showExtensions": True,
    "showCommonExtensions": True,
    # The dialog takes the authentication key, a long-lived secret: Swagger UI would persist it
    # in localStorage, readable by every script of this origin. Held in memory only; a reload
    # forgets it.
    "persistAuthorization": False,
    "showMutatedRequest": True,  # the request shown is the one sent: signed, without the key
    "displayRequestDuration": True,
    "docExpansion": "none",  # hundreds of operations: start collapsed
    "filter": True,
    "validatorUrl": None,  # the default would send the document to swagger.io
}


def _introduction(root: str) -> str:
    """What the page offers, above Swagger UI (in its styles): the two documents and how to call
    the API from here. Static HTML, so that it reads without script too."""
    document_31 = html.escape(root + OPENAPI_PATH)
    document_30 = html.escape(root + UI_OPENAPI_PATH)
    return f"""<section class="swagger-ui" aria-label="About this page">
<div class="wrapper information-container"><div class="info">
<p>The API is described by two documents with the same operations and models:</p>
<ul>
<li><a href="{document_31}">OpenAPI 3.1</a> (<code>{document_31}</code>): the reference, built from
wallee's REST API v2.0 contract and limited to the operations this server implements. Use it
with tools that read OpenAPI 3.1.</li>
<li><a href="{document_30}">OpenAPI 3.0</a> (<code>{document_30}</code>): the same document
rewritten for tools that only read OpenAPI 3.0, such as the Swagger UI below.</li>
</ul>
<p>To call the API with "Try it out", press <strong>Authorize</strong> and enter the application
user id as Username and its authentication key as Password. This page signs every request in your
browser as the wallee SDKs do and sends only <code>Authorization: Bearer &lt;JWT&gt;</code>: the
key is never sent, and it is kept in this page's memory only (a reload forgets it). Operations in a
space take its id in the <code>Space</code> header field, account-level ones an
<code>Account</code> id. Signing uses the browser's Web Crypto, which browsers offer to pages
served over HTTPS or from localhost only.</p>
</div></div>
</section>"""


def _swagger_ui_page(*, title: str, root: str) -> str:
    settings = {"url": root + UI_OPENAPI_PATH, **_SWAGGER_UI_PARAMETERS}
    # JSON inside a script element: "</" is escaped so that the text can never end the element.
    settings_json = json.dumps(settings, indent=1).replace("</", "<\\/")
    assets = html.escape(root + ASSETS_PATH)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link type="text/css" rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
<title>{html.escape(title)}</title>
</head>
<body>
{_introduction(root)}
<div id="swagger-ui"></div>
<script type="application/json" id="swagger-ui-settings">{settings_json}</script>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{html.escape(root + INIT_SCRIPT_PATH)}"></script>
</body>
</html>
"""


class _JsonRendering:
    """Serialises what `source()` returns, reusing the bytes while it returns the same object
    (the caller caches the document, so it is normally serialised once)."""

    def __init__(
        self, source: Callable[[], dict], transform: Callable[[dict], dict] | None = None
    ):
        self._source = source
        self._transform = transform
        self._last: tuple[dict, bytes] | None = None

    def __call__(self) -> Response:
        document = self._source()
        last = self._last
        if last is None or last[0] is not document:
            rendered = self._transform(document) if self._transform else document
            last = self._last = (document, orjson.dumps(rendered))
        return Response(last[1], media_type="application/json")


def mount_docs(app: FastAPI, openapi: Callable[[], dict]) -> None:
    """Serve `openapi()` at /api/v2.0/openapi.json and Swagger UI at /api/v2.0/docs."""
    document = _JsonRendering(openapi)
    ui_document = _JsonRendering(openapi, as_openapi_30)

    @app.get(OPENAPI_PATH, include_in_schema=False)
    def openapi_json() -> Response:
        return document()

    @app.get(UI_OPENAPI_PATH, include_in_schema=False)
    def openapi_30_json() -> Response:
        return ui_document()

    @app.get(DOCS_PATH, include_in_schema=False)
    def swagger_ui(request: Request) -> Response:
        root = request.scope.get("root_path", "").rstrip("/")  # behind a path-prefixing proxy
        title = openapi().get("info", {}).get("title", "API") + " - documentation"
        return HTMLResponse(_swagger_ui_page(title=title, root=root))

    @app.get(INIT_SCRIPT_PATH, include_in_schema=False)
    def swagger_init() -> Response:
        return FileResponse(_INIT_SCRIPT, media_type="text/javascript")

    app.mount(ASSETS_PATH, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui-assets")
