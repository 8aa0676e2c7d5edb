"""The ASGI application: ``create_app(settings)``."""

from __future__ import annotations

from contextlib import asynccontextmanager
from functools import cache

from fastapi import FastAPI
from sqlalchemy import text
from starlette.requests import Request

from paystead import __version__
from paystead.api.docs import mount_docs
from paystead.api.openapi import build_openapi
from paystead.app_state import AppState
from paystead.db.engine import sqlite_may_write
from paystead.domains.spaces import clock_api
from paystead.domains.transactions.urls import require_public_base_url
from paystead.errors import ApiError
from paystead.http import error_handlers
from paystead.http.responses import json_response
from paystead.http.security_headers import SecurityHeadersMiddleware
from paystead.pages import routes as buyer_pages
from paystead.settings import Settings, load_settings
from paystead.webhooks import api as webhook_api
from paystead.worker.runner import Worker


def load_domains() -> None:
    """Importing a domain's resource module registers its operations."""
    from paystead.domains.accounts import resource as _accounts  # noqa: F401
    from paystead.domains.customers import resource as _customers  # noqa: F401
    from paystead.domains.invoices import documents as _documents  # noqa: F401
    from paystead.domains.invoices import resource as _invoices  # noqa: F401
    from paystead.domains.payment_comments import resource as _payment_comments  # noqa: F401
    from paystead.domains.payment_configuration import resource as _payment_configuration  # noqa: F401
    from paystead.domains.payment_links import resource as _payment_links  # noqa: F401
    from paystead.domains.permissions import resource as _permissions  # noqa: F401
    from paystead.domains.reference import resource as _reference  # noqa: F401
    from paystead.domains.refunds import resource as _refunds  # noqa: F401
    from paystead.domains.roles import resource as _roles  # noqa: F401
    from paystead.domains.spaces import resource as _spaces  # noqa: F401
    from paystead.domains.tokens import resource as _tokens  # noqa: F401
    from paystead.domains.transactions import actions as _transaction_actions  # noqa: F401
    from paystead.domains.transactions import by_credentials as _by_credentials  # noqa: F401
    from paystead.domains.transactions import charge_flows as _charge_flows  # noqa: F401
    from paystead.domains.transactions import line_item_versions as _line_item_versions  # noqa: F401
    from paystead.domains.users import resource as _users  # noqa: F401
    from paystead.webhooks import resource as _webhooks  # noqa: F401


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    require_public_base_url(settings)
    load_domains()
    from paystead.resources.registry import endpoint_routes

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state = AppState.create(settings)
        app.state.paystead = state
        worker = Worker(state) if settings.embedded_worker else None
        if worker:
            worker.start()
        try:
            yield
        finally:
            if worker:
                await worker.stop()
            await state.close()

    app = FastAPI(title="Paystead", version=__version__, openapi_url=None, docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    error_handlers.install(app)
    app.add_middleware(SecurityHeadersMiddleware)

    routes = endpoint_routes()
    for path, method, endpoint, sdk_method in routes:
        app.add_api_route(path, endpoint, methods=[method], operation_id=sdk_method, include_in_schema=False)

    buyer_pages.install(app)
    # Paystead's own operations: plain routes, outside wallee's contract and its documents.
    for path, method, endpoint in [*webhook_api.routes(), *clock_api.routes()]:
        app.add_route(path, endpoint, methods=[method])

    @app.get("/health", include_in_schema=False)
    async def health(request: Request):
        state: AppState = request.app.state.paystead
        sqlite_may_write.set(False)
        try:
            async with state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 - report, do not crash
            error = ApiError(f"database unavailable: {type(exc).__name__}", code="unavailable")
            error.status = 503
            return json_response(error.body(), 503)
        return json_response({"status": "ok", "version": __version__})

    _mount_docs(app, [sdk_method for *_, sdk_method in routes])
    return app


def _mount_docs(app: FastAPI, sdk_methods: list[str]) -> None:
    @cache
    def document() -> dict:
        return build_openapi(sdk_methods, version=__version__)

    mount_docs(app, document)
