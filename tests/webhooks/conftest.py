"""Webhook tests run against a server of their own per database (shared by the webhook modules),
with fast retries and polling, and a receiver on 127.0.0.1 that records what arrives (and can be
told to fail)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import uuid

import pytest
from wallee.configuration import Configuration
from wallee.models.space_create import SpaceCreate
from wallee.service.spaces_service import SpacesService

from tests.conftest import BACKENDS, running_server
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import free_port

FAST_WEBHOOKS = {
    "PAYSTEAD_WEBHOOKS__POLL_SECONDS": "0.1",
    "PAYSTEAD_WEBHOOKS__RETRY_BASE_SECONDS": "0.2",
    "PAYSTEAD_WEBHOOKS__RETRY_MAX_SECONDS": "0.5",
    "PAYSTEAD_WEBHOOKS__TIMEOUT_SECONDS": "2",
}


@dataclass
class Message:
    path: str
    signature: str | None
    body: str


class Receiver:
    """An HTTP endpoint on 127.0.0.1. ``failing`` answers 503 instead of recording."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refused = 0
        self.failing = False
        self.port = free_port()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the standard library's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if receiver.failing:
                    receiver.refused += 1
                    self.send_response(503)
                    self.end_headers()
                    self.wfile.write(b"down for maintenance")
                    return
                receiver.messages.append(Message(self.path, self.headers.get("X-Signature"), body))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"thanks")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str = "/hooks") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Message]:
        return [message for message in self.messages if message.path == path]

    def wait_for(self, path: str, count: int, timeout: float = 20.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.at(path)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return self.at(path)

    def close(self) -> None:
        self.httpd.shutdown()


# One per database for all the webhook modules: each test works in a space of its own
# (``space_id``), whose listeners see only that test's changes.
@pytest.fixture(scope="session", params=BACKENDS)
def hook_server(request, tmp_path_factory):
    with running_server(request.param, tmp_path_factory, **FAST_WEBHOOKS) as server:
        yield server


# As long as the servers that send to it: listeners of earlier tests keep receiving, instead of
# retrying against a closed port. Each test listens on a path of its own.
@pytest.fixture(scope="session")
def receiver():
    running = Receiver()
    yield running
    running.close()


@pytest.fixture()
def hook_config(hook_server) -> Configuration:
    credentials = hook_server.credentials
    return Configuration(host=hook_server.api_url, user_id=credentials.user_id, authentication_key=credentials.key)


@pytest.fixture()
def hook_http(hook_server) -> WalleeHttp:
    credentials = hook_server.credentials
    return WalleeHttp(hook_server.base_url, credentials.user_id, credentials.key)


@pytest.fixture()
def space_id(hook_server, hook_config) -> int:
    """A space of its own per test: its listeners see only the test's changes."""
    return SpacesService(hook_config).post_spaces(SpaceCreate(
        name=f"Webhooks {uuid.uuid4().hex[:8]}", account=hook_server.credentials.account_id,
        primary_currency="CHF")).id
