"""Time-outs enforced by the worker's job, on an app whose time-outs are two seconds long: an
unauthorized transaction fails, an authorized one is voided (a partly completed one ends
fulfilled with what was completed). The job runs when the test says so, once the time-outs
have passed, instead of the test polling a server's worker."""

from __future__ import annotations

import time

from tests.payments.support import VISA_3DS, VISA_OK

TIMEOUT_SECONDS = 2
HURRIED = {"payments": {"authorization_timeout_seconds": TIMEOUT_SECONDS,
                        "completion_timeout_seconds": TIMEOUT_SECONDS}}


def _product(unique_id: str, amount: str) -> dict:
    return {"uniqueId": unique_id, "name": f"Item {unique_id}", "type": "PRODUCT", "quantity": 1,
            "amountIncludingTax": float(amount), "taxes": [{"title": "VAT", "rate": 8.1}]}


def _card(number: str) -> dict:
    return {"cardData": {"primaryAccountNumber": number, "expiryDate": "2031-12", "cardVerificationCode": "123"}}


def test_time_outs(app_factory):
    app = app_factory(**HURRIED)
    http, space_id = app.http(), app.credentials.space_id

    def post(path: str, body: dict | None = None) -> dict:
        answer = http.post(path, space=space_id, json=body)
        assert answer.status_code in (200, 201), answer.text
        return answer.json()

    def create(*items: dict, **fields) -> int:
        return post("/payment/transactions", {"lineItems": list(items) or [_product("a", "100.00")],
                                              "currency": "CHF", **fields})["id"]

    def read(transaction_id: int) -> dict:
        return http.get(f"/payment/transactions/{transaction_id}", space=space_id).json()

    unpaid = create()
    challenged = create()
    post(f"/payment/transactions/{challenged}/process-card-details-threed", _card(VISA_3DS))
    authorized = create(completionBehavior="COMPLETE_DEFERRED")
    post(f"/payment/transactions/{authorized}/process-card-details", _card(VISA_OK))
    partly = create(_product("a", "50.00"), completionBehavior="COMPLETE_DEFERRED")
    post(f"/payment/transactions/{partly}/process-card-details", _card(VISA_OK))
    post(f"/payment/transactions/{partly}/complete-partially-offline",
         {"lineItems": [{"uniqueId": "a", "quantity": 1, "amount": 20.0}], "lastCompletion": False})

    # Before the time-outs, the job leaves them alone.
    app.run_jobs(["transaction-timeouts"])
    assert [read(t)["state"] for t in (unpaid, challenged, authorized, partly)] == \
        ["PENDING", "PROCESSING", "AUTHORIZED", "AUTHORIZED"]

    time.sleep(TIMEOUT_SECONDS + 0.5)
    app.run_jobs(["transaction-timeouts"])
    failed = read(unpaid)
    assert failed["state"] == "FAILED"
    assert failed["failureReason"]["category"] == "TEMPORARY_ISSUE"
    assert read(challenged)["state"] == "FAILED"
    assert read(authorized)["state"] == "VOIDED"
    fulfilled = read(partly)
    assert fulfilled["state"] == "FULFILL"
    assert fulfilled["completedAmount"] == 20
