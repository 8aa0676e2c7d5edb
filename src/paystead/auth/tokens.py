"""wallee's JWT scheme: HS256 with the base64-decoded authentication key, header ``ver: 1``,
claims ``sub``, ``iat``, ``requestPath`` and ``requestMethod``.

Every failure raises ``Unauthorized`` with a message that says what is wrong and nothing secret.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass

import jwt

from paystead.errors import Unauthorized

_BASE64URL = re.compile(r"[A-Za-z0-9_\-]*")
_MAX_TOKEN_CHARS = 8192
_INT64_MAX = 2**63 - 1


def _deny(message: str, code: str = "unauthorized"):
    raise Unauthorized(message, code=code)


@dataclass(frozen=True)
class UnverifiedToken:
    token: str
    user_id: int


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _canonical_base64url(part: str) -> bool:
    """Unpadded base64url in its one canonical spelling (the unused low bits are zero), as
    PyJWT insists; checked here so that the answer names the problem."""
    if not _BASE64URL.fullmatch(part) or len(part) % 4 == 1:
        return False
    try:
        decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        return False
    return base64.urlsafe_b64encode(decoded).rstrip(b"=").decode() == part


def read_token(authorization: str | None) -> UnverifiedToken:
    """Checks the token's shape and header and reads the claimed user, before any key is known."""
    if not authorization:
        _deny("The Authorization header is missing; send 'Authorization: Bearer <JWT>'", "missing_authorization")
    if len(authorization) > _MAX_TOKEN_CHARS:
        _deny("The Authorization header is too long", "malformed_authorization")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":  # auth schemes are case-insensitive (RFC 9110)
        _deny("The Authorization header must use the Bearer scheme: 'Bearer <JWT>'", "malformed_authorization")
    token = token.strip()
    if not token:
        _deny("The Authorization header carries no token after 'Bearer'", "malformed_authorization")
    parts = token.split(".")
    if len(parts) != 3:
        _deny(f"The token must be a compact JWT of three dot-separated parts, not {len(parts)}", "malformed_token")
    if not parts[0] or not parts[1] or not all(_canonical_base64url(part) for part in parts):
        _deny("The token's parts must be non-empty, unpadded, canonical base64url (A-Z a-z 0-9 - _)",
              "malformed_token")
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.DecodeError:
        _deny("The token's header and claims must be base64url-encoded JSON objects", "malformed_token")
    except jwt.PyJWTError:
        # PyJWT's reason would echo the sender's text, which need not even be valid UTF-8.
        _deny("The token's header has an invalid or unsupported parameter such as 'crit' or 'kid'", "malformed_token")
    except Exception:  # noqa: BLE001 - hostile tokens must never become a 500
        _deny("The token's header and claims must be base64url-encoded JSON objects", "malformed_token")
    if header.get("alg") != "HS256":
        _deny("The token must be signed with HS256", "unsupported_algorithm")
    if "typ" in header and header["typ"] != "JWT":
        _deny("The token type ('typ') must be JWT", "unsupported_token_type")
    if not _is_int(header.get("ver")) or header["ver"] != 1:
        _deny("The token header must carry 'ver': 1", "unsupported_token_version")
    sub = claims.get("sub") if isinstance(claims, dict) else None
    if isinstance(sub, str) and sub.isascii() and sub.isdigit() and len(sub) < 20:
        sub = int(sub)
    if not _is_int(sub) or not 0 < sub <= _INT64_MAX:
        _deny("The claim 'sub' must be the application user's id", "invalid_claims")
    return UnverifiedToken(token=token, user_id=sub)


def verify_signature(token: UnverifiedToken, secrets: Iterable[bytes]) -> dict | None:
    """The verified claims if one of the secrets signed the token, else None."""
    for secret in secrets:
        try:
            return jwt.decode(
                token.token,
                secret,
                algorithms=["HS256"],
                # wallee's sub is a number; iat is checked below with our own window; other claims are not used.
                options={"verify_sub": False, "verify_iat": False, "verify_exp": False, "verify_jti": False,
                         "verify_nbf": False, "verify_aud": False, "verify_iss": False},
            )
        except jwt.InvalidSignatureError:
            continue
        except jwt.PyJWTError:
            _deny("The token is not a well-formed JWT", "malformed_token")
    return None


def check_claims(claims: dict, *, request_path: str, request_method: str, now: float,
                 max_age: int, max_skew: int) -> None:
    iat = claims.get("iat")
    if not _is_int(iat):
        _deny("The claim 'iat' must be an integer UNIX timestamp in seconds", "invalid_claims")
    if iat < now - max_age:
        _deny(f"The token was issued more than {max_age} seconds ago; check the client's clock", "token_expired")
    if iat > now + max_skew:
        _deny(f"The token was issued more than {max_skew} seconds in the future; check the client's clock",
              "token_not_yet_valid")
    path = claims.get("requestPath")
    if not isinstance(path, str):
        _deny("The claim 'requestPath' must be a string", "invalid_claims")
    # A request target that ends in "?" with nothing after it reaches us without its "?" (the
    # query string is empty either way), and the official SDKs sign it so when an optional
    # list parameter is empty: both spellings name the same resource.
    if path != request_path and not (path.endswith("?") and "?" not in request_path and path[:-1] == request_path):
        _deny("The claim 'requestPath' does not match the requested path and query", "request_path_mismatch")
    method = claims.get("requestMethod")
    if not isinstance(method, str):
        _deny("The claim 'requestMethod' must be a string", "invalid_claims")
    if method != request_method:
        _deny("The claim 'requestMethod' does not match the request's method", "request_method_mismatch")


def first_match(keys: Iterable[tuple[int, bytes]], token: UnverifiedToken) -> tuple[int | None, dict | None]:
    """(key id, claims) for the first key that signed the token, else (None, None)."""
    for key_id, secret in keys:
        claims = verify_signature(token, [secret])
        if claims is not None:
            return key_id, claims
    return None, None
