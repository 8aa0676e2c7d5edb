"""Browser tests: Playwright drives the system's Chromium (Debian's ``chromium`` package, which
the project's setup installs; Playwright downloads no browser) against the real server.

Each step's screenshot is a test artefact in pytest's temporary directory, never in the
repository: ``<basetemp>/browser-screenshots/<database>/<test>/<step>.png`` (basetemp is
``/tmp/pytest-of-<user>/pytest-<n>/`` unless ``--basetemp`` says otherwise; the run prints
where, see ``pytest_terminal_summary``). Without a Chromium the tests skip, unless
PAYSTEAD_TEST_REQUIRE_BROWSER is set (CI sets it).
"""

from __future__ import annotations

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support.servers import free_port

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _chromium() -> str | None:
    wanted = os.environ.get("PAYSTEAD_TEST_CHROMIUM")
    return wanted or shutil.which("chromium") or shutil.which("chromium-browser")


# Module scope, not session: Playwright's synchronous API keeps an asyncio loop running in the
# thread while it is open, and other tests call asyncio.run().
@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        if os.environ.get("PAYSTEAD_TEST_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (PAYSTEAD_TEST_REQUIRE_BROWSER): run scripts/install-browser")
        pytest.skip("no Chromium on this machine (scripts/install-browser installs Debian's package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the screenshots go: pytest's temporary directory, not the repository."""
    return tmp_path_factory.getbasetemp() / "browser-screenshots"


def _open(browser, folder: Path, viewport: dict, locale: str):
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(15_000)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.artifacts = folder
    opened.artifacts.mkdir(parents=True, exist_ok=True)
    opened.script_errors = errors
    return context, opened


@pytest.fixture()
def page(browser, request, server, screenshots):
    context, opened = _open(browser, screenshots / server.backend / request.node.name.split("[")[0],
                            {"width": 1000, "height": 800}, "en-US")
    yield opened
    context.close()
    assert not opened.script_errors, f"script errors in the page: {opened.script_errors}"


@pytest.fixture()
def sized_page(browser, request, server, screenshots):
    """A page of a given screen size and browser language: ``sized_page(1280, 900, "de-CH")``."""
    opened_contexts = []

    def open_page(width: int, height: int, locale: str):
        folder = screenshots / server.backend / request.node.name.split("[")[0]
        context, opened = _open(browser, folder, {"width": width, "height": height}, locale)
        opened_contexts.append((context, opened))
        return opened

    yield open_page
    for context, opened in opened_contexts:
        context.close()
        assert not opened.script_errors, f"script errors in the page: {opened.script_errors}"


def pytest_terminal_summary(terminalreporter, config):
    basetemp = getattr(config, "_tmp_path_factory", None)
    if basetemp is not None and (basetemp.getbasetemp() / "browser-screenshots").exists():
        terminalreporter.write_line(f"browser screenshots: {basetemp.getbasetemp() / 'browser-screenshots'}")


def shot(page, step: str, *, full_page: bool = True) -> None:
    """Saves the page as it is now: <basetemp>/browser-screenshots/<database>/<test>/<step>.png
    (``full_page=False``: what the screen shows, without scrolling)."""
    page.screenshot(path=str(page.artifacts / f"{step}.png"), full_page=full_page)


class Merchant:
    """A merchant's web server on another origin: serves the pages a test writes, and answers
    any other path (the success and failed URLs) with a page naming it."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        self.port = free_port()
        merchant = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                path = self.path.split("?")[0]
                body = merchant.pages.get(path) or (
                    f"<!doctype html><html lang='en'><title>Merchant</title><main><h1>Merchant page</h1>"
                    f"<p id='path'>{path}</p></main></html>")
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        # "localhost", not 127.0.0.1: another origin than Paystead's, as a real shop is.
        return f"http://localhost:{self.port}"

    def close(self) -> None:
        self.httpd.shutdown()


@pytest.fixture(scope="session")
def merchant():
    server = Merchant()
    yield server
    server.close()
