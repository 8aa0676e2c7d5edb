"""A client that closes its connection half-way through a request body is the client's doing:
the server logs no error, no traceback and no 500 for it (a one-line INFO notes it), and goes on
serving. (The INFO line is below the default log level.) Raw sockets send the headers with a Content-Length and half the body, then close."""

from __future__ import annotations

import socket
import time

import httpx

from tests.support.jwt_client import API_PATH, WalleeHttp, make_token

BODY = b'{"currency": "CHF", "lineItems": [{"uniqueId": "a", "name": "A", "type": "PRODUCT", ' \
       b'"quantity": 1, "amountIncludingTax": 10}]}'
ERROR_SIGNS = ("Traceback", "internal error", "ERROR", "Exception in ASGI application", " 500")


def _send_half_and_close(server, path: str, headers: dict[str, str], body: bytes) -> None:
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", f"Content-Length: {len(body)}",
            *(f"{name}: {value}" for name, value in headers.items())]
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body[: len(body) // 2])
        time.sleep(0.3)  # the server is now waiting for the rest
        sock.shutdown(socket.SHUT_RDWR)


def _log_after(server, offset: int) -> str:
    time.sleep(1.5)  # the server has seen the connections close long before
    return server.log_text()[offset:]


def test_a_client_gone_mid_body_is_no_error_and_the_server_serves_on(server, admin):
    http = WalleeHttp(server.base_url, admin.user_id, admin.key)
    offset = len(server.log_text())
    path = "/payment/transactions"
    token = make_token(admin.user_id, admin.key, path, "POST")
    for _ in range(3):
        _send_half_and_close(server, API_PATH + path, {
            "Authorization": f"Bearer {token}", "Space": str(admin.space_id), "Content-Type": "application/json",
            "Accept": "application/json"}, BODY)
    # A buyer page's form, read outside the API operations.
    _send_half_and_close(server, "/demo/checkout", {"Content-Type": "application/x-www-form-urlencoded"},
                         b"item=coffee&quantity=2&name=" + b"x" * 200)
    log = _log_after(server, offset)
    for sign in ERROR_SIGNS:
        assert sign not in log, log
    # The server still serves, API and pages alike.
    assert httpx.get(f"{server.base_url}/health").status_code == 200
    created = http.post(path, space=admin.space_id, content=BODY, headers={"Content-Type": "application/json"})
    assert created.status_code == 201, created.text
    assert httpx.get(f"{server.base_url}/demo").status_code == 200
