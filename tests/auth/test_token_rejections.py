"""Every way a wallee token can be wrong ends in a 401 RestApiErrorResponse whose code and message
say what is wrong, without echoing the key or the token's signature; valid tokens pass."""

from __future__ import annotations

import base64
import os
import time

import pytest

from tests.auth.support import assert_auth_error, b64url, forge_token, signature_of
from tests.support.jwt_client import API_PATH, DROP, WalleeHttp, make_token

OTHER_KEY = base64.b64encode(os.urandom(32)).decode()
# Three parts in proper base64url that do not hold JSON.
NOT_JSON_TOKEN = ".".join(b64url(text) for text in (b"not json", b"{also not", b"sig"))


def space_path(admin) -> str:
    return f"/spaces/{admin.space_id}"


def valid_claims(admin, path_and_query: str, method: str = "GET") -> dict:
    return {"sub": admin.user_id, "iat": int(time.time()), "requestPath": API_PATH + path_and_query,
            "requestMethod": method}


VALID_HEADER = {"alg": "HS256", "typ": "JWT", "ver": 1}


def send_token(http: WalleeHttp, path: str, token: str, method: str = "GET"):
    return http.request(method, path, token=token)


def get_with(http: WalleeHttp, path: str, **token_options):
    """GET with a token built from ``make_token`` options (``headers`` there means the JOSE header)."""
    return send_token(http, path, make_token(http.user_id, http.key, path, "GET", **token_options))


def send_authorization(http: WalleeHttp, path: str, authorization: str):
    return http.get(path, token=DROP, headers={"Authorization": authorization})


def test_a_valid_token_is_accepted(http, admin):
    response = http.get(space_path(admin))
    assert response.status_code == 200, response.text
    assert response.json()["id"] == admin.space_id


def test_extra_unknown_claims_and_header_fields_are_accepted(http, admin):
    response = get_with(http, space_path(admin), claims={"jti": "abc", "nonce": [1, {"x": None}], "aud": "anything"},
                        headers={"kid": "whatever", "cty": "none"})
    assert response.status_code == 200, response.text


def test_registered_claims_wallee_does_not_use_are_not_checked(http, admin):
    claims = {**valid_claims(admin, space_path(admin)), "jti": 5, "exp": 1, "nbf": "soon", "aud": 7, "iss": [1]}
    response = send_token(http, space_path(admin), forge_token(VALID_HEADER, claims, key=admin.key))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("header, mentions", [
    ({"crit": ["x-unknown"]}, "crit"),
    ({"crit": ["\ud800"]}, "crit"),
    ({"kid": 5}, "kid"),
], ids=["unknown-crit", "crit-lone-surrogate", "kid-not-a-string"])
def test_header_parameters_with_a_meaning_are_checked(http, admin, header, mentions):
    token = forge_token({**VALID_HEADER, **header}, valid_claims(admin, space_path(admin)), key=admin.key)
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "malformed_token", mentions=(mentions,), secrets=(admin.key, signature_of(token)))


def test_the_same_token_twice_in_the_same_second_is_accepted(http, admin):
    # wallee tokens carry no nonce: a replay inside the iat window is legitimate.
    token = make_token(admin.user_id, admin.key, space_path(admin), "GET")
    first = send_token(http, space_path(admin), token)
    second = send_token(http, space_path(admin), token)
    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)


@pytest.mark.parametrize("age", [280, 0, -45], ids=["280s-old", "now", "45s-ahead"])
def test_iat_inside_the_window_is_accepted(http, admin, age):
    response = http.get(space_path(admin), iat=int(time.time()) - age)
    assert response.status_code == 200, response.text


# --- the Authorization header and the token's shape -----------------------------------------

def test_missing_authorization_header(http, admin):
    response = http.get(space_path(admin), token=DROP)
    assert_auth_error(response, "missing_authorization", mentions=("missing",))


@pytest.mark.parametrize("authorization", [
    "Basic dXNlcjpwYXNzd29yZA==",
    "Token {token}",
    "{token}",
], ids=["basic", "token-scheme", "no-scheme"])
def test_authorization_that_is_not_bearer(http, admin, authorization):
    token = make_token(admin.user_id, admin.key, space_path(admin), "GET")
    response = send_authorization(http, space_path(admin), authorization.format(token=token))
    assert_auth_error(response, "malformed_authorization", mentions=("Bearer",),
                      secrets=(admin.key, signature_of(token)))


def test_bearer_without_a_token(http, admin):
    response = send_authorization(http, space_path(admin), "Bearer")
    assert_auth_error(response, "malformed_authorization", mentions=("no token",))


@pytest.mark.parametrize("garbage", ["not a.real.token", "%%%.$$$.!!!", "ümlaut.ü.ü"], ids=["words", "symbols", "unicode"])
def test_garbage_token(http, admin, garbage):
    response = http.client.get(http.base_url + API_PATH + space_path(admin),
                               headers={"Authorization": f"Bearer {garbage}".encode()})
    assert_auth_error(response, "malformed_token", mentions=("base64url",))


def test_signature_in_a_non_canonical_spelling(http, admin):
    # 32 bytes take 43 base64url characters; the last one carries 2 unused bits, so 3 other
    # characters decode to the same signature. Only the canonical spelling is accepted.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    token = make_token(admin.user_id, admin.key, space_path(admin), "GET")
    index = alphabet.index(token[-1])
    assert index % 4 == 0  # canonical: the unused bits are zero
    for variant in alphabet[index + 1:index + 4]:
        spelled = token[:-1] + variant
        assert base64.urlsafe_b64decode(signature_of(spelled) + "=") == base64.urlsafe_b64decode(
            signature_of(token) + "=")
        assert_auth_error(send_token(http, space_path(admin), spelled), "malformed_token", mentions=("canonical",))
    assert send_token(http, space_path(admin), token).status_code == 200


def test_three_segments_that_are_not_json(http, admin):
    response = send_token(http, space_path(admin), NOT_JSON_TOKEN)
    assert_auth_error(response, "malformed_token", mentions=("JSON",))


def test_two_segment_token(http, admin):
    token = make_token(admin.user_id, admin.key, space_path(admin), "GET")
    two_segments = token.rsplit(".", 1)[0]
    response = send_token(http, space_path(admin), two_segments)
    assert_auth_error(response, "malformed_token", mentions=("three",), secrets=(admin.key, signature_of(token)))


def test_signed_with_another_key(http, admin):
    token = make_token(admin.user_id, OTHER_KEY, space_path(admin), "GET")
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "invalid_signature", mentions=("signature",),
                      secrets=(admin.key, OTHER_KEY, signature_of(token), token))


def test_empty_signature(http, admin):
    token = make_token(admin.user_id, admin.key, space_path(admin), "GET")
    response = send_token(http, space_path(admin), token.rsplit(".", 1)[0] + ".")
    assert_auth_error(response, "invalid_signature", secrets=(admin.key, signature_of(token)))


# --- the user and the key ----------------------------------------------------------------------

def test_unknown_user_id(http, admin):
    token = make_token(10**15, admin.key, space_path(admin), "GET")
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "unknown_user", mentions=("sub",), secrets=(admin.key, signature_of(token)))


def test_inactive_user(server, http, admin, new_application_user):
    user = new_application_user("inactive")
    as_user = WalleeHttp(server.base_url, user.user_id, user.key)
    # Reference data any authenticated caller may read: proves the key works before.
    assert as_user.get("/permissions/1").status_code == 200

    version = http.get(f"/application-users/{user.user_id}").json()["version"]
    response = http.patch(f"/application-users/{user.user_id}", json={"version": version, "state": "INACTIVE"})
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "INACTIVE"

    token = make_token(user.user_id, user.key, "/permissions/1", "GET")
    response = send_token(as_user, "/permissions/1", token)
    assert_auth_error(response, "user_inactive", mentions=("inactive",), secrets=(user.key, signature_of(token)))

    # Reactivated, the same key works again: deactivation did not touch the key.
    version = http.get(f"/application-users/{user.user_id}").json()["version"]
    assert http.patch(f"/application-users/{user.user_id}",
                      json={"version": version, "state": "ACTIVE"}).status_code == 200
    assert as_user.get("/permissions/1").status_code == 200


def test_deleted_user(server, http, admin, new_application_user):
    user = new_application_user("deleted")
    as_user = WalleeHttp(server.base_url, user.user_id, user.key)
    assert as_user.get("/permissions/1").status_code == 200

    assert http.delete(f"/application-users/{user.user_id}").status_code == 204

    token = make_token(user.user_id, user.key, "/permissions/1", "GET")
    response = send_token(as_user, "/permissions/1", token)
    assert_auth_error(response, "user_deleted", mentions=("deleted",), secrets=(user.key, signature_of(token)))


def test_inactive_user_with_a_wrong_signature_learns_nothing_about_the_state(server, http, new_application_user):
    user = new_application_user("inactive-forged")
    version = http.get(f"/application-users/{user.user_id}").json()["version"]
    assert http.patch(f"/application-users/{user.user_id}",
                      json={"version": version, "state": "INACTIVE"}).status_code == 200
    token = make_token(user.user_id, OTHER_KEY, "/permissions/1", "GET")
    response = send_token(http, "/permissions/1", token)
    body = assert_auth_error(response, "invalid_signature")
    assert "inactive" not in body["message"].lower()


def test_revoked_key_fails_on_the_very_next_request(server, http, new_application_user):
    user = new_application_user("revoked")
    as_user = WalleeHttp(server.base_url, user.user_id, user.key)
    assert as_user.get("/permissions/1").status_code == 200
    key_ids = [key["id"] for key in http.get(f"/application-users/{user.user_id}/keys").json()]
    assert len(key_ids) == 1

    assert http.delete(f"/application-users/{user.user_id}/keys/{key_ids[0]}").status_code == 204

    token = make_token(user.user_id, user.key, "/permissions/1", "GET")
    response = send_token(as_user, "/permissions/1", token)
    assert_auth_error(response, "key_revoked", mentions=("revoked",), secrets=(user.key, signature_of(token)))


# --- requestPath and requestMethod ----------------------------------------------------------------

def test_request_path_of_another_resource(http, admin):
    token = make_token(admin.user_id, admin.key, f"/spaces/{admin.space_id + 1}", "GET")
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "request_path_mismatch", mentions=("requestPath",))


def test_request_path_with_another_query_string(http, admin):
    signed = f"/accounts/search?query=id:{admin.account_id}"
    token = make_token(admin.user_id, admin.key, signed, "GET")
    assert send_token(http, signed, token).status_code == 200
    response = send_token(http, f"/accounts/search?query=id:{admin.account_id + 1}", token)
    assert_auth_error(response, "request_path_mismatch", mentions=("requestPath",))


def test_request_path_without_the_query_string(http, admin):
    token = make_token(admin.user_id, admin.key, "/accounts/search", "GET")
    response = send_token(http, f"/accounts/search?query=id:{admin.account_id}", token)
    assert_auth_error(response, "request_path_mismatch")


def test_request_path_signed_with_an_empty_query_string(http, admin):
    # The official SDKs sign "...?" when an optional list parameter (e.g. expand=[]) is empty.
    token = make_token(admin.user_id, admin.key, space_path(admin) + "?", "GET")
    assert send_token(http, space_path(admin), token).status_code == 200
    token = make_token(admin.user_id, admin.key, "/accounts/search?", "GET")
    response = send_token(http, f"/accounts/search?query=id:{admin.account_id}", token)
    assert_auth_error(response, "request_path_mismatch")


def test_request_path_without_the_api_prefix(http, admin):
    response = http.get(space_path(admin), claims={"requestPath": space_path(admin)})
    assert_auth_error(response, "request_path_mismatch", mentions=("requestPath",))


def test_request_method_of_another_verb(http, admin):
    token = make_token(admin.user_id, admin.key, space_path(admin), "DELETE")
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "request_method_mismatch", mentions=("requestMethod",))


def test_request_method_in_lower_case(http, admin):
    response = http.get(space_path(admin), claims={"requestMethod": "get"})
    assert_auth_error(response, "request_method_mismatch", mentions=("requestMethod",))


@pytest.mark.parametrize("value", [None, 42, ["GET"]], ids=["null", "number", "list"])
def test_request_method_that_is_not_a_string(http, admin, value):
    response = http.get(space_path(admin), claims={"requestMethod": value})
    assert_auth_error(response, "invalid_claims", mentions=("requestMethod",))


# --- iat ------------------------------------------------------------------------------------------

def test_iat_too_old(http, admin):
    response = http.get(space_path(admin), iat=int(time.time()) - 301)
    assert_auth_error(response, "token_expired", mentions=("300 seconds",))


def test_iat_too_far_ahead(http, admin):
    # +62: int() may round down by almost a second, and the request may take a moment.
    response = http.get(space_path(admin), iat=int(time.time()) + 62)
    assert_auth_error(response, "token_not_yet_valid", mentions=("60 seconds",))


def test_iat_huge(http, admin):
    response = http.get(space_path(admin), iat=10**40)
    assert_auth_error(response, "token_not_yet_valid")


def test_iat_hugely_negative(http, admin):
    response = http.get(space_path(admin), iat=-(10**40))
    assert_auth_error(response, "token_expired")


@pytest.mark.parametrize("make_iat", [
    lambda now: DROP, lambda now: "now", lambda now: str(now), lambda now: now + 0.0, lambda now: None,
    lambda now: [now], lambda now: True, lambda now: False, lambda now: {"t": now},
], ids=["missing", "string", "digit-string", "float", "null", "list", "true", "false", "object"])
def test_iat_of_the_wrong_type(http, admin, make_iat):
    # The values are the current time wherever they carry one: only the type is at fault.
    response = http.get(space_path(admin), claims={"iat": make_iat(int(time.time()))})
    assert_auth_error(response, "invalid_claims", mentions=("iat",))


# --- the JOSE header ------------------------------------------------------------------------------

def test_alg_none_unsigned_token(http, admin):
    token = forge_token({"alg": "none", "typ": "JWT", "ver": 1}, valid_claims(admin, space_path(admin)))
    assert token.endswith(".")
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "unsupported_algorithm", mentions=("HS256",))


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_hs512(http, admin):
    response = http.get(space_path(admin), algorithm="HS512")
    assert_auth_error(response, "unsupported_algorithm", mentions=("HS256",), secrets=(admin.key,))


def test_rs256_header_over_an_hmac_signature(http, admin):
    # The classic algorithm-confusion forgery: claims RS256, signed with HMAC over the key.
    token = forge_token({"alg": "RS256", "typ": "JWT", "ver": 1}, valid_claims(admin, space_path(admin)),
                        key=admin.key)
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "unsupported_algorithm", mentions=("HS256",), secrets=(admin.key, signature_of(token)))


@pytest.mark.parametrize("ver", [DROP, 2, "1", True, 1.0, None], ids=["missing", "2", "string", "true", "float", "null"])
def test_ver_other_than_1(http, admin, ver):
    response = get_with(http, space_path(admin), headers={"ver": ver})
    assert_auth_error(response, "unsupported_token_version", mentions=("ver",))


@pytest.mark.parametrize("typ", ["JWS", "at+jwt", 1], ids=["JWS", "at+jwt", "number"])
def test_typ_other_than_jwt(http, admin, typ):
    response = get_with(http, space_path(admin), headers={"typ": typ})
    assert_auth_error(response, "unsupported_token_type", mentions=("JWT",))


def test_header_that_is_not_an_object(http, admin):
    token = forge_token(["HS256"], valid_claims(admin, space_path(admin)), key=admin.key)
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "malformed_token", mentions=("JSON",))


def test_claims_that_are_not_an_object(http, admin):
    token = forge_token(VALID_HEADER, [admin.user_id], key=admin.key)
    response = send_token(http, space_path(admin), token)
    assert_auth_error(response, "malformed_token", mentions=("JSON",))


# --- sub ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("make_sub", [
    lambda user: DROP, lambda user: -user, lambda user: 0, lambda user: "abc", lambda user: float(user),
    lambda user: [user], lambda user: 2**63, lambda user: 10**30, lambda user: None, lambda user: True,
], ids=["missing", "negative", "zero", "letters", "float", "list", "past-int64", "huge", "null", "true"])
def test_sub_that_is_not_a_user_id(http, admin, make_sub):
    # Signed with the right key, and the user's id wherever the value carries one: only the type is at fault.
    response = http.get(space_path(admin), claims={"sub": make_sub(admin.user_id)})
    assert_auth_error(response, "invalid_claims", mentions=("sub",), secrets=(admin.key,))


# --- one message per kind of failure ------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_each_kind_of_failure_has_its_own_message(server, http, admin, new_application_user):
    path = space_path(admin)
    inactive, deleted, revoked = (new_application_user(name) for name in ("m-inactive", "m-deleted", "m-revoked"))
    version = http.get(f"/application-users/{inactive.user_id}").json()["version"]
    assert http.patch(f"/application-users/{inactive.user_id}",
                      json={"version": version, "state": "INACTIVE"}).status_code == 200
    assert http.delete(f"/application-users/{deleted.user_id}").status_code == 204
    key_id = http.get(f"/application-users/{revoked.user_id}/keys").json()[0]["id"]
    assert http.delete(f"/application-users/{revoked.user_id}/keys/{key_id}").status_code == 204

    def token_of(user, **options):
        return make_token(user.user_id, user.key, path, "GET", **options)

    valid = token_of(admin)
    kinds = {
        "missing": http.get(path, token=DROP),
        "not bearer": send_authorization(http, path, f"Basic {valid}"),
        "no token": send_authorization(http, path, "Bearer"),
        "not base64url": send_authorization(http, path, "Bearer a.b.c!"),
        "two segments": send_token(http, path, valid.rsplit(".", 1)[0]),
        "not json": send_token(http, path, NOT_JSON_TOKEN),
        "bad signature": send_token(http, path, make_token(admin.user_id, OTHER_KEY, path, "GET")),
        "unknown user": send_token(http, path, make_token(10**15, admin.key, path, "GET")),
        "inactive user": send_token(http, path, token_of(inactive)),
        "deleted user": send_token(http, path, token_of(deleted)),
        "revoked key": send_token(http, path, token_of(revoked)),
        "path": send_token(http, path, token_of(admin, claims={"requestPath": path})),
        "method": send_token(http, path, token_of(admin, claims={"requestMethod": "get"})),
        "too old": send_token(http, path, token_of(admin, iat=int(time.time()) - 400)),
        "too new": send_token(http, path, token_of(admin, iat=int(time.time()) + 400)),
        "iat type": send_token(http, path, token_of(admin, iat="now")),
        "alg": send_token(http, path, token_of(admin, algorithm="HS384")),
        "ver": send_token(http, path, token_of(admin, headers={"ver": 2})),
        "typ": send_token(http, path, token_of(admin, headers={"typ": "JWS"})),
        "sub": send_token(http, path, token_of(admin, claims={"sub": "abc"})),
    }
    bodies = {kind: response.json() for kind, response in kinds.items()}
    assert all(response.status_code == 401 for response in kinds.values()), bodies
    messages = {kind: body["message"] for kind, body in bodies.items()}
    assert len(set(messages.values())) == len(messages), messages
    # Codes are stable for machines; a handful group related causes, most are unique.
    assert len({body["code"] for body in bodies.values()}) >= 15, bodies
