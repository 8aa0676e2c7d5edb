"""Rate limiting per application user: 429 with Retry-After, in memory and shared through Redis."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import running_server, start_server
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import port_open

LIMITED = {"PAYSTEAD_RATE_LIMIT__REQUESTS_PER_SECOND": "0.5", "PAYSTEAD_RATE_LIMIT__BURST": "4"}


def redis_reachable() -> bool:
    return port_open(6379)


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory):
    with running_server("sqlite", tmp_path_factory, **LIMITED) as server:
        yield server


def statuses(http: WalleeHttp, count: int, space_id: int) -> list:
    return [http.get(f"/spaces/{space_id}") for _ in range(count)]


def test_burst_then_429_with_retry_after(limited_server):
    creds = limited_server.credentials
    http = WalleeHttp(limited_server.base_url, creds.user_id, creds.key)
    responses = statuses(http, 6, creds.space_id)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    refused = responses[4]
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "rate_limit_exceeded" and body["message"] and body["id"]
    assert int(refused.headers["Retry-After"]) >= 1


def test_buckets_are_per_user(limited_server):
    """One user's exhausted bucket does not limit another user."""
    first_tenant, second_tenant = limited_server.bootstrap(), limited_server.bootstrap()
    first = WalleeHttp(limited_server.base_url, first_tenant.user_id, first_tenant.key)
    assert statuses(first, 6, first_tenant.space_id)[-1].status_code == 429
    second = WalleeHttp(limited_server.base_url, second_tenant.user_id, second_tenant.key)
    assert second.get(f"/spaces/{second_tenant.space_id}").status_code == 200


def test_users_own_request_limit(limited_server):
    other = limited_server.bootstrap()
    http = WalleeHttp(limited_server.base_url, other.user_id, other.key)
    me = http.get(f"/application-users/{other.user_id}").json()
    updated = http.patch(f"/application-users/{other.user_id}", json={"version": me["version"], "requestLimit": 2})
    assert updated.status_code == 200, updated.text
    codes = [r.status_code for r in statuses(http, 3, other.space_id)]
    assert codes[:2] == [200, 200] and codes[2] == 429


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not running at 127.0.0.1:6379")
def test_two_nodes_share_one_limit_through_redis(tmp_path_factory):
    prefix = f"paystead-test-{uuid.uuid4().hex}:"
    shared = {**LIMITED, "PAYSTEAD_REDIS_URL": "redis://127.0.0.1:6379/0", "PAYSTEAD_RATE_LIMIT__REDIS_PREFIX": prefix}
    first = start_server("sqlite", tmp_path_factory, **shared)
    creds = first.bootstrap()
    # The second node uses the same database and master key: another API node of one installation.
    second = start_server("sqlite", tmp_path_factory, **shared)
    second.database_url, second.data_dir = first.database_url, first.data_dir
    first.start()
    second.start()
    try:
        node_a = WalleeHttp(first.base_url, creds.user_id, creds.key)
        node_b = WalleeHttp(second.base_url, creds.user_id, creds.key)
        codes = [node.get(f"/spaces/{creds.space_id}").status_code for node in (node_a, node_b, node_a, node_b)]
        assert codes == [200, 200, 200, 200]
        # The bucket of four is spent across both nodes: the fifth request, on either node, waits.
        assert node_b.get(f"/spaces/{creds.space_id}").status_code == 429
        assert node_a.get(f"/spaces/{creds.space_id}").status_code == 429
    finally:
        first.stop()
        second.stop()
