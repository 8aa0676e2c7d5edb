"""Swagger UI's "Try it out" calls the API: the Authorize dialog takes a fresh sandbox's
application user id and authentication key, and the page signs every request in the browser as
the wallee SDKs do. What the browser sends is inspected: only ``Authorization: Bearer <JWT>``,
never the key, and the key is not stored in the browser."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest
from wallee.service.customers_service import CustomersService

from tests.browser.conftest import shot
from tests.conftest import sdk_config


@pytest.fixture()
def sandbox(server):
    """A sandbox of its own, as a reader would create with `paystead bootstrap`."""
    return server.bootstrap()


@pytest.fixture()
def sent(page, server):
    """Every request the page sends to the API's operations (not the docs page and its assets)."""
    requests = []
    api = f"{server.api_url}/"
    page.on("request", lambda request: requests.append(request)
            if request.url.startswith(api) and not request.url.startswith(f"{api}docs") else None)
    return requests


def _authorize(page, server, user_id, key) -> None:
    page.goto(f"{server.api_url}/docs")
    page.locator(".auth-wrapper button.authorize").click()
    dialog = page.locator(".modal-ux")
    dialog.get_by_label("auth-basic-username").fill(str(user_id))
    dialog.get_by_label("auth-basic-password").fill(key)
    shot(page, "authorize")
    dialog.locator("button.authorize").click()
    dialog.get_by_text("Logout").wait_for()
    dialog.locator("button.btn-done").click()


def _open(page, tag: str, operation_id: str):
    page.locator(f"#operations-tag-{tag}").click()  # the tags start collapsed
    operation = page.locator(f"#operations-{tag}-{operation_id}")
    operation.locator(".opblock-summary").first.click()
    operation.locator("button.try-out__btn").click()
    return operation


def _execute(operation) -> str:
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table .response .response-col_status").first
    status.wait_for()
    return status.inner_text().strip()


def test_try_it_out_reads_the_space_and_creates_a_customer(page, server, sandbox, sent):
    _authorize(page, server, sandbox.user_id, sandbox.key)

    space = _open(page, "Spaces", "get_spaces_id")
    space.locator('tr[data-param-name="id"] input').fill(str(sandbox.space_id))
    assert _execute(space) == "200"
    body = json.loads(space.locator(".live-responses-table .response-col_description pre").first.inner_text())
    assert body["id"] == sandbox.space_id
    shot(page, "space read")

    external_id = f"swagger-{uuid.uuid4().hex[:12]}"
    customers = _open(page, "Customers", "post_customers")
    customers.locator('tr[data-param-name="Space"] input').fill(str(sandbox.space_id))
    customers.locator("textarea.body-param__text").fill(json.dumps(
        {"customerId": external_id, "givenName": "Ada", "familyName": "Lovelace",
         "emailAddress": "ada@example.com"}))
    assert _execute(customers) == "201"
    created = json.loads(customers.locator(".live-responses-table .response-col_description pre").first.inner_text())
    shot(page, "customer created")

    customer = CustomersService(sdk_config(server, sandbox)).get_customers_id(created["id"], sandbox.space_id)
    assert customer.customer_id == external_id and customer.given_name == "Ada"
    assert [request.method for request in sent] == ["GET", "POST"]


def test_the_key_is_never_sent_nor_stored(page, server, sandbox, sent):
    _authorize(page, server, sandbox.user_id, sandbox.key)
    customers = _open(page, "Customers", "post_customers")
    customers.locator('tr[data-param-name="Space"] input').fill(str(sandbox.space_id))
    customers.locator('tr[data-param-name="expand"] button', has_text="Add string item").click()
    customers.locator('tr[data-param-name="expand"] input').fill("metaData")
    customers.locator("textarea.body-param__text").fill(json.dumps({"customerId": "key-check"}))
    before = int(time.time())
    assert _execute(customers) == "201"

    (request,) = sent
    headers = request.all_headers()
    basic = base64.b64encode(f"{sandbox.user_id}:{sandbox.key}".encode()).decode()
    sent_text = json.dumps([request.url, headers, request.post_data])
    for secret in (sandbox.key, basic, sandbox.key.rstrip("=")):
        assert secret not in sent_text
    scheme, _, token = headers["authorization"].partition(" ")
    assert scheme == "Bearer"
    # Exactly the SDK's token: HS256 with the decoded key, header ver 1, the request's path and method.
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT", "ver": 1}
    # wallee's sub is a JSON number, which PyJWT would refuse by default.
    claims = jwt.decode(token, base64.b64decode(sandbox.key), algorithms=["HS256"], options={"verify_sub": False})
    assert claims["sub"] == sandbox.user_id
    assert claims["requestPath"] == "/api/v2.0/customers?expand=metaData"
    assert claims["requestMethod"] == "POST"
    assert before <= claims["iat"] <= int(time.time())
    # What the page shows as the request is the one sent: the curl line carries no key either.
    curl = customers.locator(".curl-command").inner_text()
    assert "Bearer " in curl and basic not in curl and sandbox.key not in curl

    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),"
                           " document.cookie])")
    assert sandbox.key not in stored and basic not in stored
    assert page.context.cookies() == []


def test_an_invalid_key_sends_nothing(page, server, sandbox, sent):
    _authorize(page, server, sandbox.user_id, "not base64 at all!")
    space = _open(page, "Spaces", "get_spaces_id")
    space.locator('tr[data-param-name="id"] input').fill(str(sandbox.space_id))
    space.locator("button.execute").click()
    page.get_by_text("Not sent: The authentication key (Password) is not valid base64").wait_for()
    shot(page, "invalid key")
    assert sent == []
