"""Swagger UI under its strict Content-Security-Policy: Chromium renders the operations, opens
one, and reports no policy violation and no script error."""

from __future__ import annotations

from tests.browser.conftest import shot


def test_swagger_ui_works_under_its_policy(page, server):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    response = page.goto(f"{server.api_url}/docs")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page.locator(".opblock-tag").first.wait_for()
    assert page.locator(".opblock-tag").count() > 10
    page.locator(".opblock-tag").first.click()
    page.locator(".opblock").first.wait_for()
    shot(page, "operations")
    assert violations == []
