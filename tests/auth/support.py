"""Helpers for the authentication tests: forging tokens byte by byte, sending raw requests,
and checking that a refusal is a proper wallee error that gives nothing secret away."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
from dataclasses import dataclass

import httpx

ERROR_FIELDS = {"id", "date", "code", "message", "errors"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge_token(header, claims, *, key: str | None = None, signature: bytes | None = None) -> str:
    """A compact JWT from any JSON values; HS256-signed with ``key`` (base64) unless a signature is given."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    if signature is None:
        signature = hmac.new(base64.b64decode(key), signing_input.encode(), hashlib.sha256).digest() if key else b""
    return f"{signing_input}.{b64url(signature)}"


def assert_auth_error(response: httpx.Response, code: str, *, mentions: tuple[str, ...] = (),
                      secrets: tuple[str, ...] = ()) -> dict:
    """401 with a RestApiErrorResponse carrying ``code``; the message names the problem and no secret."""
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == ERROR_FIELDS, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"], body
    for word in mentions:
        assert word in body["message"], body
    for secret in secrets:
        if secret:
            assert secret not in response.text, f"the error body reveals a secret: {response.text}"
    return body


def signature_of(token: str) -> str:
    return token.rsplit(".", 1)[-1]


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


def raw_request(port: int, method: str, target: str, headers: list[tuple[str, bytes]], body: bytes = b"",
                timeout: float = 30) -> RawResponse:
    """One HTTP/1.1 request over a plain socket, for header bytes that httpx refuses to send (NUL, non-ASCII)."""
    lines = [f"{method} {target} HTTP/1.1".encode(), f"Host: 127.0.0.1:{port}".encode(), b"Connection: close",
             f"Content-Length: {len(body)}".encode()]
    lines += [name.encode() + b": " + value for name, value in headers]
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        received = bytearray()
        while chunk := sock.recv(65536):
            received += chunk
    head, _, payload = bytes(received).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    response_headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        response_headers[name.strip().lower()] = value.strip()
    if "content-length" in response_headers:
        payload = payload[:int(response_headers["content-length"])]
    return RawResponse(int(status_line.split(" ")[1]), response_headers, payload)
