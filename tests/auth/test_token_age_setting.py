"""The iat window is configurable: a server started with PAYSTEAD_AUTH__MAX_TOKEN_AGE_SECONDS=5
refuses a 10-second-old token that the default server (300 s) accepts."""

from __future__ import annotations

import time

import pytest

from tests.auth.support import assert_auth_error
from tests.conftest import running_server
from tests.support.jwt_client import WalleeHttp


@pytest.fixture(scope="module")
def short_window_server(tmp_path_factory):
    # SQLite only: the setting is read the same way whatever the database.
    with running_server("sqlite", tmp_path_factory, PAYSTEAD_AUTH__MAX_TOKEN_AGE_SECONDS=5) as server:
        yield server


def test_ten_second_old_token_is_accepted_by_the_default_server(http, admin):
    response = http.get(f"/spaces/{admin.space_id}", iat=int(time.time()) - 10)
    assert response.status_code == 200, response.text


def test_ten_second_old_token_is_refused_with_a_five_second_window(short_window_server):
    credentials = short_window_server.credentials
    http = WalleeHttp(short_window_server.base_url, credentials.user_id, credentials.key)
    path = f"/spaces/{credentials.space_id}"

    assert http.get(path).status_code == 200
    # 3 s old: inside the 5 s window even if the request takes a moment.
    assert http.get(path, iat=int(time.time()) - 3).status_code == 200
    response = http.get(path, iat=int(time.time()) - 10)
    assert_auth_error(response, "token_expired", mentions=("5 seconds",), secrets=(credentials.key,))
    # The clock-skew allowance keeps its default of 60 s.
    assert http.get(path, iat=int(time.time()) + 30).status_code == 200
