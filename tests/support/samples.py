"""A valid create body, and an update body, for every declared resource that offers them, keyed
by the resource's wire model name (``Declaration.name``).

tests/fast/test_declared_resources.py creates, updates and deletes every declared resource with
these; a declared resource that offers create (or update) and has no entry here makes a test fail
that names it and this file. Add the new resource's bodies here and it is covered.

A body is built from a ``world`` (tests/security/support.py ``TenantWorld``: ``account_id``,
``space_id``, a unique ``tag``, and ``object_id(kind)`` for another object of the tenant, made on
first use) and, for a resource below a parent (``Declaration.parent``), the parent's id.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Body = Callable[[Any, "int | None"], dict]

LINE_ITEMS = [{"uniqueId": "item", "name": "Sample item", "type": "PRODUCT", "quantity": 1,
               "amountIncludingTax": 100}]


def unique(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Sample:
    create: Body  # (world, parent id) -> a valid create body
    update: Callable[[Any], dict] | None = None  # world -> fields an update changes (without version)
    # Fields a create accepts that its answer does not show as sent, each with the reason.
    not_rendered: dict[str, str] = field(default_factory=dict)
    # Fields of the create answer that later reads do not show, each with the reason.
    shown_once: dict[str, str] = field(default_factory=dict)


def _comment(subject_field: str) -> Sample:
    return Sample(create=lambda world, parent: {subject_field: parent, "content": unique("Comment ")},
                  update=lambda world: {"content": unique("Changed ")})


SAMPLES: dict[str, Sample] = {
    "Account": Sample(
        create=lambda world, parent: {"scope": 1, "parentAccount": world.account_id, "name": unique("Account ")},
        update=lambda world: {"name": unique("Renamed ")},
        not_rendered={"scope": "a self-hosted installation has the one scope; it is not a link the answer expands"}),
    "Space": Sample(
        create=lambda world, parent: {"account": world.account_id, "name": unique("Space "), "timeZone": "Europe/Zurich"},
        update=lambda world: {"name": unique("Renamed ")}),
    "Role": Sample(
        create=lambda world, parent: {"account": world.account_id, "name": {"en-US": unique("Role ")},
                                      "permissions": [{"id": 201}]},
        update=lambda world: {"name": {"en-US": unique("Renamed ")}}),
    "ApplicationUser": Sample(
        create=lambda world, parent: {"primaryAccount": world.account_id, "name": unique("Application user ")},
        update=lambda world: {"name": unique("Renamed ")},
        shown_once={"macKey": "the new user's authentication key is shown once, when it is made"}),
    "HumanUser": Sample(
        create=lambda world, parent: {"primaryAccount": world.account_id, "firstname": "Sample", "lastname": "Human",
                                      "emailAddress": f"{unique()}@samples.test"},
        update=lambda world: {"lastname": unique("Renamed ")}),
    "SingleSignOnUser": Sample(
        create=lambda world, parent: {"primaryAccount": world.account_id, "provider": 1, "firstname": "Sample",
                                      "lastname": "Sso"},
        update=lambda world: {"lastname": unique("Renamed ")},
        not_rendered={"provider": "providers are not objects of their own yet: the id is stored, not linked"}),
    "Customer": Sample(
        create=lambda world, parent: {"givenName": "Sample", "familyName": unique("Customer "),
                                      "emailAddress": f"{unique()}@samples.test", "customerId": unique("customer-")},
        update=lambda world: {"familyName": unique("Renamed ")}),
    "CustomerAddress": Sample(
        create=lambda world, parent: {"customer": parent, "address": {"city": "Zurich", "country": "CH"},
                                      "addressType": "BOTH"},
        update=lambda world: {"address": {"city": "Bern", "country": "CH"}}),
    "CustomerComment": _comment("customer"),
    "TransactionComment": _comment("transaction"),
    "RefundComment": _comment("refund"),
    "TransactionInvoiceComment": _comment("transactionInvoice"),
    "Transaction": Sample(
        create=lambda world, parent: {"currency": "CHF", "merchantReference": unique("order-"),
                                      "lineItems": LINE_ITEMS},
        update=lambda world: {"merchantReference": unique("changed-")}),
    "Refund": Sample(
        create=lambda world, parent: {"transaction": world.object_id("paid_transaction"), "amount": 1,
                                      "type": "MERCHANT_INITIATED_ONLINE", "externalId": unique("refund-")}),
    "TransactionLineItemVersion": Sample(
        create=lambda world, parent: {"transaction": world.object_id("transaction"), "externalId": unique("version-"),
                                      "lineItems": LINE_ITEMS}),
    "Token": Sample(
        create=lambda world, parent: {"externalId": unique("token-"), "tokenReference": unique("reference-"),
                                      "customerEmailAddress": f"{unique()}@samples.test"},
        update=lambda world: {"tokenReference": unique("changed-")}),
    "PaymentProcessorConfiguration": Sample(
        create=lambda world, parent: {"processor": 1, "name": unique("Processor "), "state": "ACTIVE"},
        update=lambda world: {"name": unique("Renamed ")}),
    "PaymentMethodConfiguration": Sample(
        create=lambda world, parent: {"paymentMethod": 1, "dataCollectionType": "ONSITE", "state": "ACTIVE",
                                      "name": unique("Method ")},
        update=lambda world: {"name": unique("Renamed ")}),
    "PaymentConnectorConfiguration": Sample(
        create=lambda world, parent: {
            "connector": 1, "state": "ACTIVE", "name": unique("Connector "),
            "processorConfiguration": world.object_id("payment_processor_configuration"),
            "paymentMethodConfiguration": world.object_id("payment_method_configuration")},
        update=lambda world: {"name": unique("Renamed ")}),
    "PaymentLink": Sample(
        create=lambda world, parent: {"externalId": unique("link-"), "protectionMode": "ACCESS_KEY", "currency": "CHF",
                                      "name": unique("Link "), "lineItems": LINE_ITEMS},
        update=lambda world: {"name": unique("Renamed ")}),
    "WebhookUrl": Sample(
        create=lambda world, parent: {"url": f"https://shop.example/{unique()}", "name": unique("Url ")},
        update=lambda world: {"name": unique("Renamed ")}),
    "WebhookListener": Sample(
        create=lambda world, parent: {"url": world.object_id("webhook_url"), "entity": 1472041829003,
                                      "name": unique("Listener ")},
        update=lambda world: {"name": unique("Renamed ")}),
}
