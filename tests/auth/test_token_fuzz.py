"""Fuzzing the Authorization header: whatever arrives, the answer is a 401 RestApiErrorResponse,
never a 5xx, and a token is accepted only when wallee's scheme says it is valid.

Allowed answers: 401 with a JSON error body for everything that reaches the application
(authentication runs before the Space header, parameters and body are looked at). The one
exception is a header value with a control character (NUL, ESC, DEL, ...): HTTP forbids those
and the HTTP server (uvicorn) refuses the request with a plain 400 before the application sees
it. Line breaks are not sent at all: they would split the header, which is another test.

``PAYSTEAD_FUZZ_EXAMPLES`` (default 1000) is the number of examples across the three tests.
"""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from urllib.parse import quote

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.auth.support import ERROR_FIELDS, forge_token, raw_request
from tests.support.jwt_client import API_PATH, make_token

FUZZ_EXAMPLES = int(os.environ.get("PAYSTEAD_FUZZ_EXAMPLES", "1000"))
RAW_EXAMPLES = max(1, FUZZ_EXAMPLES * 2 // 5)
STRUCTURED_EXAMPLES = max(1, FUZZ_EXAMPLES * 2 // 5)
MUTATED_EXAMPLES = max(1, FUZZ_EXAMPLES - RAW_EXAMPLES - STRUCTURED_EXAMPLES)

FUZZ_SETTINGS = dict(deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                            HealthCheck.data_too_large])

AUTH_CODES = {
    "missing_authorization", "malformed_authorization", "malformed_token", "unsupported_algorithm",
    "unsupported_token_type", "unsupported_token_version", "invalid_claims", "invalid_signature", "unknown_user",
    "user_inactive", "user_deleted", "account_inactive", "key_revoked", "token_expired", "token_not_yet_valid",
    "request_path_mismatch", "request_method_mismatch",
}
# Control characters HTTP forbids in a header value (HTAB is allowed).
CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0A, 0x20)) | {0x7F}
BASE64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
OTHER_KEY = base64.b64encode(os.urandom(32)).decode()

TARGETS = ("space", "search", "role")


def build_request(target: str, admin, *, query: str = "", space_header: bytes | None = None,
                  body: bytes | None = None) -> tuple[str, str, list[tuple[str, bytes]], bytes]:
    """(method, path and query as signed, extra headers, body) for one of the fuzzed operations."""
    if target == "space":
        space = str(admin.space_id).encode() if space_header is None else space_header
        return "GET", f"/spaces/{admin.space_id}", [("Space", space)], b""
    if target == "search":
        return "GET", "/accounts/search?query=" + quote(query, safe=""), [], b""
    if body is None:
        # A well-formed role for an account that does not exist: a token that passes
        # authentication gets a 403 instead of leaving roles behind in the shared database.
        body = json.dumps({"account": 10**15, "name": {"en-US": f"fuzz-{uuid.uuid4().hex[:12]}"}}).encode()
    return "POST", "/roles", [("Content-Type", b"application/json")], body


def send(server, method: str, path: str, authorization: bytes | None, extra_headers, body: bytes):
    headers = [("Accept", b"application/json"), *extra_headers]
    if authorization is not None:
        headers.append(("Authorization", authorization))
    response = raw_request(server.port, method, API_PATH + path, headers, body)
    return response, [value for _, value in headers]


def assert_refused(response, header_values: list[bytes], admin) -> None:
    assert response.status < 500, (response.status, response.body)
    if any(byte in CONTROL_BYTES for value in header_values for byte in value):
        assert response.status == 400, (response.status, response.body)
        return
    assert response.status == 401, (response.status, response.body)
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == ERROR_FIELDS, body
    assert body["code"] in AUTH_CODES, body
    assert admin.key.encode() not in response.body


def assert_authenticated(response) -> None:
    """Past authentication: the request may still be refused, but not for its token."""
    assert response.status < 500 and response.status != 401, (response.status, response.body)
    if response.status >= 400:
        assert response.json()["code"] not in AUTH_CODES, response.body


def without_line_breaks(value: bytes) -> bytes:
    return value.replace(b"\r", b"").replace(b"\n", b"")


# --- 1. anything at all in the header ----------------------------------------------------------

def _bearer(text: str) -> bytes:
    return b"Bearer " + text.encode("utf-8", "surrogatepass")


raw_authorizations = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.text(max_size=300).map(_bearer),
    st.lists(st.text(alphabet=BASE64URL_ALPHABET + "=+/ \t\x00é€😀", max_size=80), max_size=5)
    .map(lambda parts: _bearer(".".join(parts))),
    st.sampled_from(["Bearer", "Bearer ", "bearer x.y.z", "Basic Zm9vOmJhcg==", "Bearer ..", "Bearer a.b.c.d"])
    .map(str.encode),
    # Long values, across the 8 KB limit on the header.
    st.integers(min_value=1000, max_value=8300).map(lambda n: b"Bearer " + b"A" * n),
    st.tuples(st.integers(min_value=4000, max_value=8190), st.binary(min_size=1, max_size=4))
    .map(lambda t: b"Bearer eyJh.eyJz." + b"x" * t[0] + t[1]),
).map(without_line_breaks)

space_headers = st.one_of(st.none(), st.binary(max_size=30).map(without_line_breaks))


@settings(max_examples=RAW_EXAMPLES, **FUZZ_SETTINGS)
@given(authorization=st.one_of(st.none(), raw_authorizations), target=st.sampled_from(TARGETS),
       query=st.text(max_size=40), space_header=space_headers, body=st.one_of(st.none(), st.binary(max_size=200)))
def test_any_authorization_header_is_refused_cleanly(server, admin, authorization, target, query, space_header, body):
    method, path, extra, payload = build_request(target, admin, query=query, space_header=space_header, body=body)
    response, header_values = send(server, method, path, authorization, extra, payload)
    assert_refused(response, header_values, admin)


# --- 2. JWTs built from random JSON: refused unless wallee's scheme accepts them -----------------

class Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                         st.text(max_size=20))
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6)


def odd(*special):
    """A value for a field that is usually wrong: left out, a near miss, or any JSON at all."""
    return st.one_of(st.just(MISSING), *special, json_values)


HEADER_FIELDS = ("alg", "typ", "ver")
CLAIM_FIELDS = ("sub", "iat", "requestPath", "requestMethod")
# Registered header parameters with a meaning of their own; wallee's scheme says nothing about them.
MEANINGFUL_HEADER_PARAMETERS = ("crit", "b64", "kid")
# iat offsets from now, kept 3 s clear of the window's edges (the two clocks differ by the request time).
iat_offsets = st.integers(min_value=-400, max_value=400).filter(lambda s: not (-303 <= s <= -297 or 57 <= s <= 63))

# What a change can do to a valid token; a recipe applies a few of them (or none: the control).
CHANGES = {
    "alg": odd(st.sampled_from(["none", "HS512", "RS256", "hs256", "HS256 ", ""])),
    "typ": odd(st.sampled_from(["JWS", "jwt", "JWT "])),
    "ver": odd(st.sampled_from([2, "1", 1.0, True, 0, -1])),
    "header extras": st.dictionaries(
        st.one_of(st.sampled_from(MEANINGFUL_HEADER_PARAMETERS), st.text(max_size=8).filter(
            lambda k: k not in HEADER_FIELDS)),
        st.one_of(json_values, st.sampled_from([["b64"], ["x"], [], True, False, "k1"])), min_size=1, max_size=3),
    "whole header": json_values,
    "sub": odd(st.sampled_from(["USER_ID_TEXT", -1, 0, 2**63, 2**64, "abc", "1e3", "USER_ID_FLOAT"])),
    "iat": odd(iat_offsets.map(lambda s: ("offset", s)), iat_offsets.map(lambda s: ("float offset", s))),
    "requestPath": odd(st.sampled_from(["NO_PREFIX", "TRAILING_SLASH", "OTHER_QUERY", "UPPER_CASE"])),
    "requestMethod": odd(st.sampled_from(["get", "OTHER_METHOD", "HEAD", "GET ", ""])),
    "claim extras": st.dictionaries(st.text(max_size=8).filter(lambda k: k not in CLAIM_FIELDS), json_values,
                                    min_size=1, max_size=3),
    "whole claims": json_values,
    "signature": st.sampled_from(["other key", "random", "empty"]),
}


@st.composite
def recipes(draw) -> dict:
    changed = draw(st.sets(st.sampled_from(sorted(CHANGES)), max_size=3))
    return {name: draw(CHANGES[name]) for name in sorted(changed)}


def build_token_parts(recipe: dict, admin, path: str, method: str, now: int):
    """(header, claims, signature kind) for a valid token with the recipe's changes applied."""
    header = {"alg": "HS256", "typ": "JWT", "ver": 1}
    claims = {"sub": admin.user_id, "iat": now, "requestPath": API_PATH + path, "requestMethod": method}
    special = {
        "USER_ID_TEXT": str(admin.user_id), "USER_ID_FLOAT": float(admin.user_id),
        "NO_PREFIX": path, "TRAILING_SLASH": API_PATH + path + "/", "UPPER_CASE": (API_PATH + path).upper(),
        "OTHER_QUERY": API_PATH + path + ("&x=1" if "?" in path else "?x=1"),
        "OTHER_METHOD": "DELETE" if method != "DELETE" else "GET",
    }
    for fields, target in ((HEADER_FIELDS, header), (CLAIM_FIELDS, claims)):
        for name in fields:
            if name not in recipe:
                continue
            value = recipe[name]
            if isinstance(value, tuple) and value[0] == "offset":
                value = now + value[1]
            elif isinstance(value, tuple) and value[0] == "float offset":
                value = now + value[1] + 0.5
            elif isinstance(value, str):
                value = special.get(value, value)
            if value is MISSING:
                del target[name]
            else:
                target[name] = value
    header.update(recipe.get("header extras", {}))
    claims.update(recipe.get("claim extras", {}))
    header = recipe.get("whole header", header)
    claims = recipe.get("whole claims", claims)
    return header, claims, recipe.get("signature", "right key")


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def accepted_by_scheme(header, claims, signature: str, admin, path: str, method: str, now: int) -> bool | None:
    """wallee's rules; Paystead also reads a digit string as ``sub``, like the id it spells.
    None: the scheme does not decide (registered header parameters it does not use)."""
    if signature != "right key" or not isinstance(header, dict) or not isinstance(claims, dict):
        return False
    if header.get("alg") != "HS256" or header.get("typ", "JWT") != "JWT":
        return False
    if not is_int(header.get("ver")) or header["ver"] != 1:
        return False
    if any(name in header for name in MEANINGFUL_HEADER_PARAMETERS):
        return None
    sub = claims.get("sub")
    if isinstance(sub, str) and sub.isascii() and sub.isdigit() and len(sub) < 20:
        sub = int(sub)
    if not is_int(sub) or sub != admin.user_id:
        return False
    iat = claims.get("iat")
    if not is_int(iat) or not now - 300 <= iat <= now + 60:
        return False
    return claims.get("requestPath") == API_PATH + path and claims.get("requestMethod") == method


def sign(header, claims, signature: str, random_bytes: bytes, admin) -> str:
    if signature == "right key":
        return forge_token(header, claims, key=admin.key)
    if signature == "other key":
        return forge_token(header, claims, key=OTHER_KEY)
    return forge_token(header, claims, signature=random_bytes if signature == "random" else b"")


@settings(max_examples=STRUCTURED_EXAMPLES, **FUZZ_SETTINGS)
@given(recipe=recipes(), random_bytes=st.binary(min_size=1, max_size=64), target=st.sampled_from(TARGETS),
       query=st.text(max_size=20))
def test_random_json_tokens_are_refused_unless_valid(server, admin, recipe, random_bytes, target, query):
    method, path, extra, body = build_request(target, admin, query=query)
    now = int(time.time())
    header, claims, signature = build_token_parts(recipe, admin, path, method, now)
    token = sign(header, claims, signature, random_bytes, admin)
    response, header_values = send(server, method, path, b"Bearer " + token.encode(), extra, body)
    verdict = accepted_by_scheme(header, claims, signature, admin, path, method, now)
    event(f"scheme verdict: {verdict}")
    if verdict or (verdict is None and response.status != 401):
        assert_authenticated(response)
    else:
        assert_refused(response, header_values, admin)


# --- 3. valid tokens with one change -------------------------------------------------------------

def same_token(original: str, mutated: str) -> bool:
    """Whether a change left the token as it was. Every other change makes a different token:
    the signature covers the first two parts as sent, and the server accepts only the one
    canonical base64url spelling of each part (not the variants that differ in unused bits)."""
    return original == mutated


mutations = st.one_of(
    st.tuples(st.just("replace"), st.floats(min_value=0, max_value=1, exclude_max=True), st.characters()),
    st.tuples(st.just("replace"), st.floats(min_value=0, max_value=1, exclude_max=True),
              st.sampled_from(BASE64URL_ALPHABET + ".")),
    st.tuples(st.just("insert"), st.floats(min_value=0, max_value=1), st.characters()),
    st.tuples(st.just("delete"), st.floats(min_value=0, max_value=1, exclude_max=True), st.just("")),
    st.tuples(st.just("truncate"), st.floats(min_value=0, max_value=1, exclude_max=True), st.just("")),
)


def mutate(token: str, mutation) -> str:
    kind, where, char = mutation
    at = int(where * len(token))
    if kind == "replace":
        return token[:at] + char + token[at + 1:]
    if kind == "insert":
        return token[:at] + char + token[at:]
    if kind == "delete":
        return token[:at] + token[at + 1:]
    return token[:at]


@settings(max_examples=MUTATED_EXAMPLES, **FUZZ_SETTINGS)
@given(mutation=mutations, target=st.sampled_from(TARGETS), query=st.text(max_size=20))
def test_valid_tokens_with_one_change_are_refused(server, admin, mutation, target, query):
    method, path, extra, body = build_request(target, admin, query=query)
    token = make_token(admin.user_id, admin.key, path, method)
    mutated = mutate(token, mutation).replace("\r", "").replace("\n", "")
    authorization = b"Bearer " + mutated.encode("utf-8", "surrogatepass")
    response, header_values = send(server, method, path, authorization, extra, body)
    has_control_bytes = any(byte in CONTROL_BYTES for byte in authorization)
    # Spaces and tabs around the token are not part of it (HTTP strips them, and so does the server).
    if not has_control_bytes and same_token(token, mutated.strip(" \t")):
        assert_authenticated(response)
    else:
        assert_refused(response, header_values, admin)
