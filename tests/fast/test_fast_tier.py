"""The fast tier itself: the app is the one `paystead serve` runs, each test sees only what it
made, and background work runs when the test says so."""

from __future__ import annotations

LINE = {"uniqueId": "a", "name": "A", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": 10}


def test_the_administrator_reads_its_space_and_a_bad_token_is_refused(http, admin):
    response = http.get(f"/spaces/{admin.space_id}")
    assert response.status_code == 200, response.text
    assert response.json()["account"]["id"] == admin.account_id
    assert http.get(f"/spaces/{admin.space_id}", token="not a token").status_code == 401


def _space_ids(http) -> set[int]:
    return {space["id"] for space in http.get("/spaces?limit=100").json()["data"]}


def test_each_test_sees_only_what_it_made_first(http, admin):
    assert _space_ids(http) == {admin.space_id}
    created = http.post("/spaces", json={"name": "Made by this test", "account": admin.account_id})
    assert created.status_code == 201, created.text
    assert _space_ids(http) == {admin.space_id, created.json()["id"]}


def test_each_test_sees_only_what_it_made_second(http, admin):
    # Whichever of the two runs second would see the other's space if they shared a tenant.
    assert _space_ids(http) == {admin.space_id}


def test_another_tenant_cannot_read_this_ones_space(app, admin, other_tenant):
    assert app.http(other_tenant).get(f"/spaces/{admin.space_id}").status_code == 404


def test_processing_waits_for_the_worker_until_the_test_runs_it(run_jobs, http, space_id):
    created = http.post("/payment/transactions", space=space_id, json={"currency": "CHF", "lineItems": [LINE]})
    assert created.status_code == 201, created.text
    transaction_id = created.json()["id"]
    answered = http.post(f"/payment/transactions/{transaction_id}/process-without-interaction", space=space_id)
    assert answered.status_code == 200, answered.text
    assert answered.json()["state"] == "PROCESSING"
    assert http.get(f"/payment/transactions/{transaction_id}", space=space_id).json()["state"] == "PROCESSING"
    assert run_jobs(["processing"]) == ["processing"]
    assert http.get(f"/payment/transactions/{transaction_id}", space=space_id).json()["state"] != "PROCESSING"
