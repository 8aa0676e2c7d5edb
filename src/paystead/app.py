"""The ASGI application: ``create_app(settings)``."""

from __future__ import annotations

from contextlib import asynccontextmanager
from functools import cache

from fastapi import FastAPI
from sqlalchemy import text
from starlette.requests import Request

from paystead import __version__, modules
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
from paystead.resources.router import endpoint_routes
from paystead.settings import Settings, load_settings
from paystead.webhooks import api as webhook_api
from paystead.worker.runner import Worker


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    require_public_base_url(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state = modules.create_state(settings)
        app.state.paystead = state
        worker = Worker(state, modules.PERIODIC_TASKS) if settings.embedded_worker else None
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
    for route in routes:
        app.add_api_route(route.path, route.endpoint, methods=[route.method], operation_id=route.sdk_method,
                          include_in_schema=False)

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

    _mount_docs(app, [route.sdk_method for route in routes])
    return app


def _mount_docs(app: FastAPI, sdk_methods: list[str]) -> None:
    @cache
    def document() -> dict:
        return build_openapi(sdk_methods, version=__version__)

    mount_docs(app, document)
