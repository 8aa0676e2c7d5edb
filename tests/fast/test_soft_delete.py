"""Resources declared with ``soft_delete``: a delete marks the object DELETED (with who, when and
its planned purge where the resource records them) and queries no longer find it; webhook URLs and
listeners stay readable as DELETED. The stored rows are looked at directly."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from paystead.db.models import PaymentLink, Space, User, WebhookListener

LINE = {"uniqueId": "a", "name": "A", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": 10}
TRANSACTION_ENTITY = 1472041829003


def _stored(app, model, object_id):
    async def load():
        async with app.state.sessions() as session:
            return await session.scalar(select(model).where(model.id == object_id))
    return app.run(load)


def _ids(http, path: str, **options) -> set[int]:
    return {item["id"] for item in http.get(f"{path}?limit=100", **options).json()["data"]}


def test_a_deleted_space_is_gone_and_stored_with_who_when_and_its_purge(app, http, admin):
    space = http.post("/spaces", json={"name": "Doomed", "account": admin.account_id}).json()
    assert http.delete(f"/spaces/{space['id']}").status_code in (200, 204)
    assert http.get(f"/spaces/{space['id']}").status_code == 404
    assert space["id"] not in _ids(http, "/spaces")
    stored = _stored(app, Space, space["id"])
    assert (stored.state, stored.deleted_by, stored.version) == ("DELETED", admin.user_id, space["version"] + 1)
    assert stored.planned_purge_date - stored.deleted_on == timedelta(days=30)


def test_a_deleted_payment_link_is_gone_and_only_marked(app, http, space_id):
    link = http.post("/payment/links", space=space_id, json={
        "externalId": "doomed", "protectionMode": "NO_PROTECTION", "currency": "CHF", "lineItems": [LINE]}).json()
    assert http.delete(f"/payment/links/{link['id']}", space=space_id).status_code in (200, 204)
    assert http.get(f"/payment/links/{link['id']}", space=space_id).status_code == 404
    assert link["id"] not in _ids(http, "/payment/links", space=space_id)
    stored = _stored(app, PaymentLink, link["id"])
    assert (stored.state, stored.planned_purge_date, stored.version) == ("DELETED", None, link["version"] + 1)


def test_a_deleted_application_user_is_gone_with_a_planned_purge(app, http, admin):
    user = http.post("/application-users", json={"primaryAccount": admin.account_id, "name": "Doomed"}).json()
    assert http.delete(f"/application-users/{user['id']}").status_code in (200, 204)
    assert http.get(f"/application-users/{user['id']}").status_code == 404
    stored = _stored(app, User, user["id"])
    assert stored.state == "DELETED" and stored.planned_purge_date is not None


def test_a_deleted_webhook_listener_stays_readable_and_unchangeable(app, http, space_id):
    url = http.post("/webhooks/urls", space=space_id, json={"name": "Hook", "url": "https://example.com/hook"}).json()
    listener = http.post("/webhooks/listeners", space=space_id,
                         json={"name": "hook", "entity": TRANSACTION_ENTITY, "url": url["id"]}).json()
    for path, made in ((f"/webhooks/listeners/{listener['id']}", listener), (f"/webhooks/urls/{url['id']}", url)):
        assert http.delete(path, space=space_id).status_code in (200, 204)
        read = http.get(path, space=space_id).json()
        assert (read["state"], read["version"], read.get("plannedPurgeDate")) == ("DELETED", made["version"] + 1, None)
        assert http.delete(path, space=space_id).status_code in (200, 204)  # again: nothing changes
        assert http.get(path, space=space_id).json()["version"] == made["version"] + 1
        changed = http.patch(path, space=space_id, json={"name": "again", "version": made["version"] + 1})
        assert changed.status_code == 422, changed.text
    assert listener["id"] in _ids(http, "/webhooks/listeners", space=space_id)
    assert _stored(app, WebhookListener, listener["id"]).state == "DELETED"
