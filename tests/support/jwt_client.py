"""Raw HTTP calls with wallee JWTs built here, so that tests can forge and alter tokens."""

from __future__ import annotations

import atexit
import base64
import time
from functools import cache

import httpx
import jwt

API_PATH = "/api/v2.0"


def make_token(user_id, key: str, path_and_query: str, method: str, *, iat=None, headers=None, claims=None,
               secret: bytes | None = None, algorithm: str = "HS256") -> str:
    payload = {"sub": user_id, "iat": int(time.time()) if iat is None else iat,
               "requestPath": API_PATH + path_and_query, "requestMethod": method}
    payload.update(claims or {})
    payload = {k: v for k, v in payload.items() if v is not _DROP}
    header = {"alg": algorithm, "typ": "JWT", "ver": 1, **(headers or {})}
    header = {k: v for k, v in header.items() if v is not _DROP}
    return jwt.encode(payload, secret if secret is not None else base64.b64decode(key), algorithm=algorithm,
                      headers=header)


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


_DROP = _Drop()
DROP = _DROP  # use as a claim/header value to leave it out


@cache
def network_client() -> httpx.Client:
    """One client for every WalleeHttp of the test process: its connections are pooled and closed
    at exit, where a client per WalleeHttp would leave its sockets to the garbage collector (a
    ResourceWarning, an error in this suite)."""
    client = httpx.Client(timeout=30)
    atexit.register(client.close)
    return client


class WalleeHttp:
    """Signs each request like the SDK does: requestPath is the path and raw query string.

    ``client``: what sends the requests; by default the process's ``httpx.Client`` over the network, in the
    fast tier one answered by the app in process (``tests.support.inprocess``)."""

    def __init__(self, base_url: str, user_id, key: str, *, client=None) -> None:
        self.base_url = base_url
        self.user_id = user_id
        self.key = key
        self.client = client if client is not None else network_client()

    def request(self, method: str, path_and_query: str, *, space: int | None = None, account: int | None = None,
                json=None, content: bytes | None = None, headers: dict | None = None, token: str | None = None,
                **token_options) -> httpx.Response:
        all_headers = {"Accept": "application/json"}
        if token is None:
            token = make_token(self.user_id, self.key, path_and_query, method, **token_options)
        if token is not _DROP:
            all_headers["Authorization"] = f"Bearer {token}"
        if space is not None:
            all_headers["Space"] = str(space)
        if account is not None:
            all_headers["Account"] = str(account)
        all_headers.update(headers or {})
        return self.client.request(method, self.base_url + API_PATH + path_and_query, json=json, content=content,
                                   headers=all_headers)

    def get(self, path: str, **kw) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw) -> httpx.Response:
        return self.request("POST", path, **kw)

    def patch(self, path: str, **kw) -> httpx.Response:
        return self.request("PATCH", path, **kw)

    def delete(self, path: str, **kw) -> httpx.Response:
        return self.request("DELETE", path, **kw)
