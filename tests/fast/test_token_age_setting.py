"""The iat window is configurable: an app whose settings say auth.max_token_age_seconds=5
(PAYSTEAD_AUTH__MAX_TOKEN_AGE_SECONDS for a server) refuses a 10-second-old token that the
default (300 s) accepts."""

from __future__ import annotations

import time

from tests.auth.support import assert_auth_error


def test_ten_second_old_token_is_accepted_by_default(http, admin):
    response = http.get(f"/spaces/{admin.space_id}", iat=int(time.time()) - 10)
    assert response.status_code == 200, response.text


def test_ten_second_old_token_is_refused_with_a_five_second_window(app_factory):
    short_window = app_factory(auth={"max_token_age_seconds": 5})
    credentials = short_window.credentials
    http = short_window.http()
    path = f"/spaces/{credentials.space_id}"

    assert http.get(path).status_code == 200
    # 3 s old: inside the 5 s window even if the request takes a moment.
    assert http.get(path, iat=int(time.time()) - 3).status_code == 200
    response = http.get(path, iat=int(time.time()) - 10)
    assert_auth_error(response, "token_expired", mentions=("5 seconds",), secrets=(credentials.key,))
    # The clock-skew allowance keeps its default of 60 s.
    assert http.get(path, iat=int(time.time()) + 30).status_code == 200
