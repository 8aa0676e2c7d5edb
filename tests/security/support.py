"""The implemented operations, and a factory that builds a valid request for each of them.

The operations are read from the application's own routes (each route's operation id is the SDK
method; its contract entry says what it takes), so that every operation added later is covered by
the security tests without touching them. What the factory cannot build makes the test that needs
it fail, with a message naming what to add here: a new operation is never skipped silently.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

import httpx
import pytest

from paystead.contract import BASE_PATH
from paystead.contract import model as contract_model
from tests.support.jwt_client import WalleeHttp

# --- the table of per-operation knowledge ----------------------------------------------------

# The collection segment in front of a path placeholder says what kind of object it names.
PATH_KINDS = {
    "accounts": "account",
    "spaces": "space",
    "roles": "role",
    "application-users": "application_user",
    "human-users": "human_user",
    "single-sign-on-users": "single_sign_on_user",
    "keys": "key",
    "permissions": "permission",
    "customers": "customer",
    "addresses": "customer_address",
    "comments": "customer_comment",
    "merge": "merged_customer",  # /customers/{id}/merge/{other}: the customer merged away
    # Payments (tests/payments).
    "processor-configurations": "payment_processor_configuration",
    "method-configurations": "payment_method_configuration",
    "connector-configurations": "payment_connector_configuration",
    "sales-channels": "sales_channel",
    "transactions": "transaction",
    "charge-attempts": "charge_attempt",
    "completions": "transaction_completion",
    "voids": "transaction_void",
    "refunds": "refund",
    "tokens": "token",
    "token-versions": "token_version",
    "invoices": "transaction_invoice",
    "delivery-indications": "delivery_indication",
    "line-item-versions": "line_item_version",
    "client-platforms": "client_platform",
    "charge-flows": "charge_flow",
    "levels": "charge_flow_level",
    "payment-links": "charge_flow_level_payment_link",
    "links": "payment_link",
    # Webhooks (tests/webhooks).
    "urls": "webhook_url",
    "listeners": "webhook_listener",
    "encryption-keys": "webhook_encryption_key",
    # Reference data (tests/reference_data).
    "countries": "country",
    "states": "country_state",
    "currencies": "currency",
    "languages": "language",
    "legal-organization-forms": "legal_organization_form",
    "static-values": "static_value",
    "condition-types": "condition_type",
    "document-templates": "document_template_type",
    "types": "document_template_type",
    "label-descriptors": "label_descriptor",
    "groups": "label_descriptor_group",
    "methods": "payment_method",
    "method-brands": "payment_method_brand",
    "connectors": "payment_connector",
    "processors": "payment_processor",
}
# Reference data every tenant shares, and an existing entry of each kind: naming it is not
# reaching into another tenant.
REFERENCE_OBJECTS = {
    "country": "CH", "country_state": "CH-ZH", "currency": "CHF", "language": "de-CH",
    "legal_organization_form": 1, "static_value": 1, "condition_type": 1, "document_template_type": 1,
    "label_descriptor": 1, "label_descriptor_group": 1, "payment_method": 1, "payment_method_brand": 1,
    "payment_connector": 1, "payment_processor": 1, "sales_channel": 1,
    # Keys are the server's, shared by every tenant; this one does not exist (see NO_VALID_CALL).
    "webhook_encryption_key": "00000000-0000-0000-0000-000000000000",
}
GLOBAL_KINDS = {"permission", *REFERENCE_OBJECTS}
# Path segments that only group collections (/payment/methods, /payment/method-configurations):
# the segment after them names the collection.
NAMESPACE_SEGMENTS = {"payment", "webhooks"}
# Required query parameters that name an object.
QUERY_REFERENCES = {"roleId": "role"}
# Required query parameters with a fixed valid value (they name no object).
QUERY_CONSTANTS = {"integrationMode": "PAYMENT_PAGE", "type": 1, "recipient": "buyer@example.com", "format": "PDF",
                   "width": 80}
# Body fields that name the account an object is created in (or below).
BODY_ACCOUNT_FIELDS = ("account", "primaryAccount", "parentAccount")
# Body fields with a fixed valid value: a self-hosted installation is one scope (id 1), and single
# sign-on providers are not objects of their own yet (any id is stored as given).
BODY_CONSTANTS = {
    "scope": 1, "provider": 1,
    # Payments: the simulator (processor 1), its Visa connector (1), the card method (1).
    "processor": 1, "connector": 1, "paymentMethod": 1, "dataCollectionType": "ONSITE", "state": "ACTIVE",
    "currency": "CHF",
    # The same externalId again answers with the first object: repeated valid calls stay valid.
    "externalId": "security-external-id", "type": "MERCHANT_INITIATED_ONLINE", "amount": 0.01,
    "cardData": {"primaryAccountNumber": "4111111111111111", "expiryDate": "2031-12"},
    "protectionMode": "ACCESS_KEY",
    # Webhooks: the Transaction listener entity.
    "entity": 1472041829003,
}
# Body fields whose valid value depends on their type too: (name, contract type) -> value.
TYPED_BODY_CONSTANTS = {
    ("lineItems", "List[LineItemCreate]"): [{"uniqueId": "item", "name": "Security item", "type": "PRODUCT",
                                             "quantity": 1, "amountIncludingTax": 100}],
    ("url", "str"): "https://shop.example/webhooks",
}
# Body fields naming an object of the caller's own world (not tested with foreign ids: a
# reference that does not exist in the space is a 422, see tests/payments).
BODY_OBJECTS = {"transaction": "paid_transaction", "processorConfiguration": "payment_processor_configuration",
                "paymentMethodConfiguration": "payment_method_configuration", "refund": "refund",
                "transactionInvoice": "transaction_invoice"}
# Body fields that must name the object in the path (a comment's subject, an address's customer).
PATH_BODY_FIELDS = {"customer": "customerId", "transaction": "transactionId", "refund": "refundId",
                    "transactionInvoice": "invoiceId"}
# Operations whose valid call cannot be built through the API: their precondition is set up
# outside it (charge flows and levels are defined in the portal, the default flow's level ids are
# the server's; a cancel or recipient update needs a flow running; client platforms come from the
# mobile SDK). What a valid call answers for them instead.
NO_VALID_CALL = {
    # The server makes its signing keys; their ids reach clients only in signed messages
    # (tests/webhooks reads keys the way the SDK does).
    "get_webhooks_encryption_keys_id": 404,
    "post_payment_transactions_id_charge_flow_cancel": 422,
    "post_payment_transactions_id_charge_flow_update_recipient": 422,
    "get_payment_charge_flows_id": 404,
    "get_payment_charge_flows_levels_id": 404,
    "post_payment_charge_flows_levels_id_send_message": 404,
    "get_payment_charge_flows_levels_payment_links_id": 404,
    "get_payment_transaction_client_platforms_id": 404,
}
# Ids that never exist, for the kinds above.
MISSING_OBJECT_ID = 987_654_321
# Operations that consume or disable their target: a valid call of these gets fresh objects.
DISABLING_OPERATIONS = {
    "post_accounts_id_deactivate", "post_customers_id_merge_other",
    "post_payment_transactions_invoices_id_mark_paid", "post_payment_transactions_invoices_id_derecognize",
    "post_payment_transactions_invoices_id_replace", "post_payment_delivery_indications_id_mark_suitable",
    "post_payment_delivery_indications_id_mark_not_suitable",
    # Each moves its transaction (or refund) on: a valid call needs a fresh one.
    "post_payment_transactions_id_confirm", "post_payment_transactions_id_process_card_details",
    "post_payment_transactions_id_process_card_details_threed", "post_payment_transactions_id_process_with_token",
    "post_payment_transactions_id_process_without_interaction", "post_payment_transactions_id_complete_online",
    "post_payment_transactions_id_complete_offline", "post_payment_transactions_id_complete_partially_online",
    "post_payment_transactions_id_complete_partially_offline", "post_payment_transactions_id_void_online",
    "post_payment_transactions_id_void_offline", "post_payment_refunds_id_mark_succeeded",
    "post_payment_refunds_id_mark_failed", "post_payment_transactions_id_charge_flow_apply",
}
# Objects an operation's path names when the collection's usual object does not fit (a
# completion needs an authorized transaction, a token charge a transaction with a token).
OPERATION_OBJECTS = {
    **{f"post_payment_transactions_id_{verb}": {"id": "authorized_transaction"}
       for verb in ("complete_online", "complete_offline", "complete_partially_online",
                    "complete_partially_offline", "void_online", "void_offline")},
    "post_payment_transactions_id_process_with_token": {"id": "token_transaction"},
    "post_payment_transactions_id_process_without_interaction": {"id": "token_transaction"},
    "post_payment_refunds_id_mark_succeeded": {"id": "manual_refund"},
    "post_payment_refunds_id_mark_failed": {"id": "manual_refund"},
    **{f"post_payment_transactions_invoices_id_{verb}": {"id": "open_invoice"}
       for verb in ("mark_paid", "derecognize", "replace")},
    "get_payment_transactions_invoices_id_check_replacement_possible": {"id": "open_invoice"},
    "get_payment_transactions_id_latest_line_item_version": {"id": "authorized_transaction"},
}
# Body objects an operation needs other than BODY_OBJECTS' (a line item version changes a
# transaction that is not yet completed).
OPERATION_BODY_OBJECTS = {"post_payment_transactions_line_item_versions": {"transaction": "transaction"},
                          "post_webhooks_listeners": {"url": "webhook_url"},
                          "post_webhooks_listeners_bulk": {"url": "webhook_url"}}
# Body fields with a fixed value for one operation (a payment link's create is replayed with its
# externalId, so its name must not change between calls).
OPERATION_BODY_CONSTANTS = {"post_payment_links": {"name": "Security link"}}
# Comments below transactions, refunds and invoices: the {id} after /comments is such a comment.
_PAYMENT_COMMENTS = {"payment_transactions_transaction_id_comments": ("transaction_comment", "TRANSACTION"),
                     "payment_refunds_refund_id_comments": ("refund_comment", "REFUND"),
                     "payment_transactions_invoices_invoice_id_comments": ("invoice_comment", "TRANSACTION_INVOICE")}
for _stem, (_kind, _parent) in _PAYMENT_COMMENTS.items():
    for _suffix in ("_id", "_id_pin", "_id_unpin"):
        for _verb in ("get", "post", "patch", "delete"):
            OPERATION_OBJECTS[f"{_verb}_{_stem}{_suffix}"] = {"id": _kind}
# Where an operation reads its object when neither its own path nor its object's path has a GET.
VERSION_READERS: dict[str, str] = {}
# Reads whose answer changes on every call by design (fresh credentials): not part of snapshots.
VOLATILE_READS = {"get_payment_transactions_id_credentials"}

# Which permissions (machine names) an operation needs, for the operations whose needs do not
# follow from their name (<verb>_<resource>[_search|_id] -> <RESOURCE>_<ACTION>).
PERMISSION_OVERRIDES = {
    "post_accounts_id_activate": {"ACCOUNT_ACTIVATION"},
    "post_accounts_id_deactivate": {"ACCOUNT_ACTIVATION"},
    "get_human_users_export": {"HUMAN_USER_EXPORT"},
    "get_application_users_user_id_keys": {"APPLICATION_USER_READ", "APPLICATION_USER_KEY"},
    "post_application_users_user_id_keys": {"APPLICATION_USER_READ", "APPLICATION_USER_KEY"},
    "delete_application_users_user_id_keys_id": {"APPLICATION_USER_READ", "APPLICATION_USER_KEY"},
    "post_customers_bulk": {"CUSTOMER_CREATE"},
    "patch_customers_bulk": {"CUSTOMER_UPDATE"},
    "delete_customers_bulk": {"CUSTOMER_DELETE"},
    "get_customers_id_email_addresses": {"CUSTOMER_READ"},
    "post_customers_id_merge_other": {"CUSTOMER_UPDATE", "CUSTOMER_DELETE"},
    "post_customers_customer_id_addresses_id_default": {"CUSTOMER_READ", "CUSTOMER_ADDRESS_UPDATE"},
    "post_customers_customer_id_comments_id_pin": {"CUSTOMER_READ", "CUSTOMER_COMMENT_UPDATE"},
    "post_customers_customer_id_comments_id_unpin": {"CUSTOMER_READ", "CUSTOMER_COMMENT_UPDATE"},
    "post_payment_transactions_id_confirm": {"TRANSACTION_UPDATE"},
    **{f"post_payment_transactions_id_{verb}": {"TRANSACTION_PROCESS"}
       for verb in ("process_card_details", "process_card_details_threed", "process_with_token",
                    "process_without_interaction")},
    **{f"post_payment_transactions_id_{verb}": {"TRANSACTION_COMPLETE"}
       for verb in ("complete_online", "complete_offline", "complete_partially_online", "complete_partially_offline")},
    "post_payment_transactions_id_void_online": {"TRANSACTION_VOID"},
    "post_payment_transactions_id_void_offline": {"TRANSACTION_VOID"},
    **{f"get_payment_transactions_id_{what}": {"TRANSACTION_READ"}
       for what in ("payment_page_url", "iframe_javascript_url", "lightbox_javascript_url",
                    "charge_flow_payment_page_url", "credentials", "payment_method_configurations",
                    "check_token_creation_possible")},
    "get_payment_transactions_export": {"TRANSACTION_EXPORT"},
    "post_payment_refunds_id_mark_succeeded": {"REFUND_UPDATE"},
    "post_payment_refunds_id_mark_failed": {"REFUND_UPDATE"},
    "get_payment_tokens_id_active_version": {"TOKEN_READ"},
    "post_payment_tokens_id_create_transaction_for_token_update": {"TOKEN_UPDATE", "TRANSACTION_CREATE"},
    "post_payment_transactions_line_item_versions": {"TRANSACTION_UPDATE"},
    "get_payment_transactions_id_latest_line_item_version": {"TRANSACTION_READ"},
    "get_payment_transactions_id_terminal_receipts": {"TRANSACTION_READ"},
    "post_payment_transactions_id_charge_flow_apply": {"TRANSACTION_PROCESS"},
    "post_payment_transactions_id_charge_flow_cancel": {"TRANSACTION_PROCESS"},
    "post_payment_transactions_id_charge_flow_update_recipient": {"TRANSACTION_UPDATE"},
    "post_payment_charge_flows_levels_id_send_message": {"TRANSACTION_UPDATE"},
    "post_payment_transactions_invoices_id_mark_paid": {"TRANSACTION_INVOICE_UPDATE"},
    "post_payment_transactions_invoices_id_derecognize": {"TRANSACTION_INVOICE_UPDATE"},
    "post_payment_transactions_invoices_id_replace": {"TRANSACTION_INVOICE_UPDATE"},
    "get_payment_transactions_invoices_id_check_replacement_possible": {"TRANSACTION_INVOICE_READ"},
    "post_payment_delivery_indications_id_mark_suitable": {"DELIVERY_INDICATION_UPDATE"},
    "post_payment_delivery_indications_id_mark_not_suitable": {"DELIVERY_INDICATION_UPDATE"},
    "get_payment_transactions_id_invoice_document": {"TRANSACTION_READ"},
    "get_payment_transactions_id_packing_slip_document": {"TRANSACTION_READ"},
    "get_payment_transactions_invoices_id_document": {"TRANSACTION_INVOICE_READ"},
    "get_payment_refunds_id_document": {"REFUND_READ"},
    **{f"{verb}_webhooks_{kind}_bulk": {f"WEBHOOK_{kind[:-1].upper()}_{action}"}
       for verb, action in (("post", "CREATE"), ("patch", "UPDATE"), ("delete", "DELETE"))
       for kind in ("urls", "listeners")},
}
# Comments need their parent's read permission and their own.
_PAYMENT_COMMENT_ACTIONS = {"get": "READ", "post": "CREATE", "patch": "UPDATE", "delete": "DELETE"}
for _stem, (_kind, _parent) in _PAYMENT_COMMENTS.items():
    for _verb, _action in _PAYMENT_COMMENT_ACTIONS.items():
        for _suffix in ("", "_search", "_id"):
            PERMISSION_OVERRIDES[f"{_verb}_{_stem}{_suffix}"] = {f"{_parent}_READ", f"{_parent}_COMMENT_{_action}"}
    for _suffix in ("_id_pin", "_id_unpin"):
        PERMISSION_OVERRIDES[f"post_{_stem}{_suffix}"] = {f"{_parent}_READ", f"{_parent}_COMMENT_UPDATE"}
# Collections whose permission prefix is not their name (<collection> -> prefix).
PERMISSION_PREFIXES = {
    "payment_transactions": "TRANSACTION", "payment_charge_attempts": "TRANSACTION",
    "payment_transactions_completions": "TRANSACTION", "payment_transactions_voids": "TRANSACTION",
    "payment_refunds": "REFUND", "payment_tokens": "TOKEN", "payment_token_versions": "TOKEN",
    "payment_processor_configurations": "PAYMENT_PROCESSOR_CONFIGURATION",
    "payment_method_configurations": "PAYMENT_METHOD_CONFIGURATION",
    "payment_connector_configurations": "PAYMENT_CONNECTOR_CONFIGURATION",
    "payment_transactions_invoices": "TRANSACTION_INVOICE", "payment_delivery_indications": "DELIVERY_INDICATION",
    "payment_transactions_line_item_versions": "TRANSACTION", "payment_transaction_client_platforms": "TRANSACTION",
    "payment_charge_flows": "TRANSACTION", "payment_charge_flows_levels": "TRANSACTION",
    "payment_charge_flows_levels_payment_links": "TRANSACTION",
    "payment_links": "PAYMENT_LINK",
    "webhooks_urls": "WEBHOOK_URL", "webhooks_listeners": "WEBHOOK_LISTENER",
}
# Objects nested under a customer need the customer's read permission besides their own.
_CUSTOMER_CHILD = re.compile(r"(get|post|patch|delete)_customers_customer_id_(addresses|comments)(_search|_id)?")
# Reference data any authenticated caller may read.
PUBLIC_OPERATIONS = {"get_permissions", "get_permissions_search", "get_permissions_id",
                     "get_webhooks_encryption_keys_id"}
REFERENCE_SERVICES = {"CountriesService", "CurrenciesService", "LanguagesService", "LegalOrganizationFormsService",
                      "StaticValuesService", "ConditionTypesService", "DocumentTemplateTypesService",
                      "LabelDescriptorsService", "PaymentMethodsService", "PaymentMethodBrandsService",
                      "PaymentConnectorsService", "PaymentProcessorsService", "PaymentSalesChannelsService"}

_ROLE_GRANT = re.compile(r"(get|post|delete)_(\w+)_user_id_(account|space)_roles")
_UNIFORM = re.compile(r"(get|post|patch|delete)_([a-z_]+?)(_search|_id)?")
_UNIFORM_ACTIONS = {"get": "READ", "post": "CREATE", "patch": "UPDATE", "delete": "DELETE"}


def _permission_prefix(resource_stem: str) -> str:
    """'single_sign_on_users' -> 'SINGLE_SIGN_ON_USER'."""
    return PERMISSION_PREFIXES.get(resource_stem) or resource_stem.upper().removesuffix("S")


def _contract_service(sdk_method: str) -> str | None:
    from paystead.contract import operations_by_sdk_method

    operation = operations_by_sdk_method().get(sdk_method)
    return operation["service"] if operation else None


def required_permissions(sdk_method: str) -> frozenset[str]:
    """The permissions an operation needs; empty for public reference data."""
    if sdk_method in PUBLIC_OPERATIONS or _contract_service(sdk_method) in REFERENCE_SERVICES:
        return frozenset()
    if sdk_method in PERMISSION_OVERRIDES:
        return frozenset(PERMISSION_OVERRIDES[sdk_method])
    child = _CUSTOMER_CHILD.fullmatch(sdk_method)
    if child:
        verb, children, _ = child.groups()
        noun = {"addresses": "ADDRESS", "comments": "COMMENT"}[children]
        return frozenset({"CUSTOMER_READ", f"CUSTOMER_{noun}_{_UNIFORM_ACTIONS[verb]}"})
    grant = _ROLE_GRANT.fullmatch(sdk_method)
    if grant:
        verb, users, _ = grant.groups()
        grant_permission = "USER_ROLE_READ" if verb == "get" else "USER_ROLE_ASSIGN"
        return frozenset({f"{_permission_prefix(users)}_READ", grant_permission})
    uniform = _UNIFORM.fullmatch(sdk_method)
    if uniform and "_id_" not in uniform.group(2):
        verb, stem, _ = uniform.groups()
        return frozenset({f"{_permission_prefix(stem)}_{_UNIFORM_ACTIONS[verb]}"})
    pytest.fail(f"{sdk_method}: which permission it needs is unknown; add it to PERMISSION_OVERRIDES "
                "in tests/security/support.py")


# --- operations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    sdk_method: str
    method: str
    path: str  # below the API base path, e.g. "/spaces/{id}"
    contract: dict

    @property
    def parameters(self) -> list[dict]:
        return [p for p in self.contract["parameters"] if p["in"] != "header"]

    @property
    def path_params(self) -> list[str]:
        return [p["name"] for p in self.parameters if p["in"] == "path"]

    @property
    def query_params(self) -> list[dict]:
        return [p for p in self.parameters if p["in"] == "query"]

    @property
    def scope_header(self) -> str | None:
        return self.contract.get("scope_header")

    @property
    def body_model(self) -> str | None:
        body = self.contract["request_body"]
        return body["model"] if body else None

    @property
    def body_is_list(self) -> bool:
        """A bulk operation's body: an array of items (or of ids, with no body model)."""
        body = self.contract["request_body"]
        return bool(body and body["is_list"])

    @property
    def collection_kind(self) -> str:
        """The kind of the collection the path is in: the last known collection among its
        literal segments before any placeholder (/payment/transactions/completions/search ->
        completions)."""
        segments = [segment for segment in self.path.strip("/").split("/") if segment not in NAMESPACE_SEGMENTS]
        literal = segments[:next((i for i, s in enumerate(segments) if s.startswith("{")), len(segments))]
        known = [segment for segment in literal if segment in PATH_KINDS]
        return _kind_of_segment(self, known[-1] if known else segments[0])

    @property
    def is_list(self) -> bool:
        """A cursor-paged list of a whole collection."""
        return self.method == "GET" and any(p["name"] == "after" for p in self.query_params)

    @property
    def is_collection_read(self) -> bool:
        """Reads a collection (list, search, export): it names no single object."""
        return self.method == "GET" and not self.path_params

    @property
    def is_disabling(self) -> bool:
        return self.method == "DELETE" or self.sdk_method in DISABLING_OPERATIONS

    @property
    def success_status(self) -> int:
        return int(self.contract["response_status"])

    @property
    def valid_call_status(self) -> int:
        """What a valid call answers: its success, or for operations whose precondition the API
        cannot set up, the refusal that says so (NO_VALID_CALL)."""
        return NO_VALID_CALL.get(self.sdk_method, self.success_status)

    def placeholder_kinds(self) -> dict[str, str]:
        """Each path placeholder with the kind of object it names."""
        kinds, previous = {}, None
        for segment in self.path.strip("/").split("/"):
            if segment.startswith("{"):
                kinds[segment[1:-1]] = _kind_of_segment(self, previous)
            previous = segment
        return {**kinds, **OPERATION_OBJECTS.get(self.sdk_method, {})}

    def __str__(self) -> str:
        return f"{self.sdk_method} ({self.method} {self.path})"


def _kind_of_segment(op: Operation, segment: str | None) -> str:
    if segment not in PATH_KINDS:
        pytest.fail(f"{op.sdk_method}: no object kind is known for the path segment {segment!r} of {op.path}; "
                    "add it to PATH_KINDS and create such an object in build_world() (tests/security/support.py)")
    return PATH_KINDS[segment]


@cache
def _app_routes() -> tuple:
    from paystead.app import create_app

    return tuple(create_app().routes)


@cache
def implemented_operations() -> tuple[Operation, ...]:
    """The application's API routes; each route's operation id is the SDK method."""
    from paystead.contract import operation as contract_operation

    found = []
    for route in _app_routes():
        sdk_method = getattr(route, "operation_id", None)
        path = getattr(route, "path", "")
        if sdk_method is None or not path.startswith(BASE_PATH + "/"):
            continue
        if "{credentials}" in path:
            continue  # authorised by transaction credentials, not a JWT: tests/payments/test_tokens.py
        entry = contract_operation(sdk_method)
        found.append(Operation(sdk_method, entry["http_method"], path[len(BASE_PATH):], entry))
    assert found, "the application registers no API operation"
    return tuple(found)


def operation_named(sdk_method: str) -> Operation:
    for op in implemented_operations():
        if op.sdk_method == sdk_method:
            return op
    pytest.fail(f"{sdk_method} is not implemented")


def routed_methods(full_path: str) -> set[str]:
    """The methods some route of the application answers at this concrete path."""
    methods = set()
    for route in _app_routes():
        regex, route_methods = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is not None and route_methods and regex.match(full_path):
            methods |= set(route_methods)
    return methods


def reading_operation(op: Operation) -> Operation:
    """The GET at the same path (an update's object is read there for its version)."""
    if op.sdk_method in VERSION_READERS:
        return operation_named(VERSION_READERS[op.sdk_method])
    for candidate in implemented_operations():
        if candidate.method == "GET" and candidate.path == op.path:
            return candidate
    # A verb on an object (/payment/transactions/{id}/confirm): the object's own GET.
    if "}/" in op.path:
        object_path = op.path[:op.path.rindex("}/") + 1]
        for candidate in implemented_operations():
            if candidate.method == "GET" and candidate.path == object_path:
                return candidate
    pytest.fail(f"{op.sdk_method}: no GET operation at {op.path} to read the object's current version from")


def object_reader(op: Operation) -> Operation:
    """The GET of one object of a create's collection (``post_spaces`` -> ``get_spaces_id``)."""
    for candidate in implemented_operations():
        if candidate.method == "GET" and candidate.path == op.path + "/{id}":
            return candidate
    pytest.fail(f"{op.sdk_method}: no GET operation at {op.path}/{{id}} to read the created object back")


# --- callers and calls ------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    user_id: int
    key: str


class _SharedClientHttp(WalleeHttp):
    """WalleeHttp's signing over a client shared by every user of the tests."""

    def __init__(self, client: httpx.Client, base_url: str, identity: Identity) -> None:
        self.client, self.base_url, self.user_id, self.key = client, base_url, identity.user_id, identity.key


@dataclass(frozen=True)
class ApiCall:
    operation: Operation
    path_values: dict
    query: dict
    space: int | None = None
    account: int | None = None
    body: dict | None = None

    @property
    def path(self) -> str:
        path = self.operation.path
        for name, value in self.path_values.items():
            path = path.replace("{" + name + "}", str(value))
        return path

    @property
    def path_and_query(self) -> str:
        return self.path + ("?" + urlencode(self.query) if self.query else "")

    def replace(self, **changes) -> ApiCall:
        return dataclasses.replace(self, **changes)

    def numbers_sent(self) -> set[int]:
        text = " ".join([self.path_and_query, str(self.space), str(self.account), json.dumps(self.body)])
        return {int(number) for number in re.findall(r"\d+", text)}

    def __str__(self) -> str:
        headers = "".join(f" {name}={value}" for name, value in (("Space", self.space), ("Account", self.account))
                          if value is not None)
        body = f" {json.dumps(self.body)}" if self.body is not None else ""
        return f"{self.operation.sdk_method}: {self.operation.method} {self.path_and_query}{headers}{body}"


class Api:
    """Signed requests for any number of users over one HTTP client. Every authentication key a
    response shows (a new application user's ``macKey``, a new key) goes into ``issued_keys``."""

    def __init__(self, base_url: str, issued_keys: set[str]) -> None:
        self.base_url = base_url
        self.issued_keys = issued_keys
        self.client = httpx.Client(timeout=60)

    def close(self) -> None:
        self.client.close()

    def request(self, identity: Identity, method: str, path_and_query: str, **options) -> httpx.Response:
        response = _SharedClientHttp(self.client, self.base_url, identity).request(method, path_and_query, **options)
        self._note_keys(response)
        return response

    def send(self, identity: Identity, call: ApiCall, *, content: bytes | None = None,
             headers: dict | None = None) -> httpx.Response:
        """The call as built, or with a raw body (``content``) in its place."""
        options: dict = {"space": call.space, "account": call.account, "headers": dict(headers or {})}
        if content is not None:
            options["content"] = content
            options["headers"] = {"Content-Type": "application/json", **options["headers"]}
        elif call.body is not None:
            options["json"] = call.body
        return self.request(identity, call.operation.method, call.path_and_query, **options)

    def _note_keys(self, response: httpx.Response) -> None:
        if response.is_success and response.headers.get("content-type", "").startswith("application/json"):
            body = response.json()
            if isinstance(body, dict):
                for name in ("macKey", "key"):
                    if isinstance(body.get(name), str):
                        self.issued_keys.add(body[name])

    def ok(self, identity: Identity, method: str, path_and_query: str, **options) -> dict | list:
        response = self.request(identity, method, path_and_query, **options)
        assert response.is_success, f"{method} {path_and_query}: {response.status_code} {response.text}"
        return response.json() if response.content else {}

    def page_all(self, identity: Identity, op: Operation, call: ApiCall) -> list[dict]:
        """Every object of a cursor-paged list."""
        items, after = [], None
        while True:
            query = {**call.query, "limit": "100", **({"after": str(after)} if after else {})}
            response = self.send(identity, call.replace(query=query))
            assert response.status_code == 200, f"{op}: {response.status_code} {response.text}"
            page = response.json()
            items += page["data"]
            if not page["hasMore"]:
                return items
            after = page["data"][-1]["id"]


# --- the objects of a tenant that the calls name ---------------------------------------------


@dataclass
class TenantWorld:
    """Objects created in one tenant for the tests, and the user who created them.

    An object of a kind not yet in ``objects`` is made on first use, in the world's space (see
    OBJECT_MAKERS), so that a world an operation consumes costs only the objects it names."""

    owner: Identity
    account_id: int  # the tenant's account: the Account header and the account named in bodies
    space_id: int  # the Space header
    # kind -> id, for path and query ids (reference data is also named by code: "CH", "CHF")
    objects: dict[str, int | str] = field(default_factory=dict)
    api: Api | None = None  # makes missing objects; None: a world of what it holds only
    tag: str = ""

    def object_id(self, kind: str, op: Operation | None = None) -> int:
        if kind not in self.objects and self.api is not None and kind in OBJECT_MAKERS:
            OBJECT_MAKERS[kind](self)
        if kind not in self.objects:
            pytest.fail(f"{op.sdk_method if op else kind}: the test world has no object of kind {kind!r}; add a "
                        "maker to OBJECT_MAKERS (tests/security/support.py)")
        return self.objects[kind]

    def known_ids(self) -> set[int]:
        return {self.owner.user_id, self.account_id, self.space_id, *self.objects.values()}

    # Shorthands for the makers below.
    def ok(self, method: str, path_and_query: str, **options):
        return self.api.ok(self.owner, method, path_and_query, **options)

    def in_space(self, method: str, path_and_query: str, **options):
        return self.ok(method, path_and_query, space=self.space_id, **options)


USER_COLLECTIONS = {"application_user": "application-users", "human_user": "human-users",
                    "single_sign_on_user": "single-sign-on-users"}
SIMULATOR_CARD = {"cardData": {"primaryAccountNumber": "4111111111111111", "expiryDate": "2031-12"}}
REVIEW_CARD = {"cardData": {"primaryAccountNumber": "4000000000000259", "expiryDate": "2031-12"}}
# Kinds no call of the API can create (their operations are NO_VALID_CALL).
UNCREATABLE_KINDS = ("charge_flow", "charge_flow_level", "charge_flow_level_payment_link", "client_platform")


def build_world(api: Api, owner: Identity, account_id: int, label: str) -> TenantWorld:
    """One object of every kind, created by ``owner`` in ``account_id``: an empty sub-account, a
    space, a role, a user of each kind (each granted the role on the account and in the space),
    a second key of the application user, customers, payments in every state the payment
    operations need, webhooks and a payment link."""
    tag = f"{label} {uuid.uuid4().hex[:8]}"
    space = api.ok(owner, "POST", "/spaces", json={"account": account_id, "name": f"{tag} space"})["id"]
    world = TenantWorld(owner, account_id, space, {"space": space, "permission": 201, **REFERENCE_OBJECTS},
                        api=api, tag=tag)
    for kind in OBJECT_MAKERS:
        world.object_id(kind)
    return world


def fresh_world(base: TenantWorld, label: str) -> TenantWorld:
    """A world of ``base``'s owner in a new space of its account, whose objects are made when a
    call first names them (a space of its own: the calls may delete the space's configuration)."""
    tag = f"{label} {uuid.uuid4().hex[:8]}"
    space = base.ok("POST", "/spaces", json={"account": base.account_id, "name": f"{tag} space"})["id"]
    return TenantWorld(base.owner, base.account_id, space, {"space": space, "permission": 201, **REFERENCE_OBJECTS},
                       api=base.api, tag=tag)


def _sub_account(world: TenantWorld) -> None:
    world.objects["account"] = world.ok("POST", "/accounts", json={
        "scope": 1, "parentAccount": world.account_id, "name": f"{world.tag} sub-account"})["id"]


def _space(world: TenantWorld) -> None:
    world.objects["space"] = world.ok("POST", "/spaces", json={"account": world.account_id,
                                                               "name": f"{world.tag} space"})["id"]


def _role(world: TenantWorld) -> None:
    world.objects["role"] = world.ok("POST", "/roles", json={
        "account": world.account_id, "name": {"en-US": f"{world.tag} role"}, "permissions": [{"id": 201}]})["id"]


def _user(kind: str, body: dict):
    def make(world: TenantWorld) -> None:
        collection, role = USER_COLLECTIONS[kind], world.object_id("role")
        user_id = world.ok("POST", f"/{collection}", json={"primaryAccount": world.account_id, **body(world.tag)})["id"]
        world.objects[kind] = user_id
        world.ok("POST", f"/{collection}/{user_id}/account-roles?roleId={role}", account=world.account_id)
        world.ok("POST", f"/{collection}/{user_id}/space-roles?roleId={role}", space=world.space_id)
    return make


def _key(world: TenantWorld) -> None:
    world.objects["key"] = world.ok("POST", f"/application-users/{world.object_id('application_user')}/keys")["id"]


def _customer(kind: str, name: str):
    def make(world: TenantWorld) -> None:
        world.objects[kind] = world.in_space("POST", "/customers", json={"givenName": f"{world.tag}{name}"})["id"]
    return make


def _customer_child(kind: str, children: str, body):
    def make(world: TenantWorld) -> None:
        customer = world.object_id("customer")
        world.objects[kind] = world.in_space("POST", f"/customers/{customer}/{children}",
                                             json={"customer": customer, **body(world.tag)})["id"]
    return make


def _configuration(kind: str, collection: str, pick=lambda item: True):
    def make(world: TenantWorld) -> None:
        items = world.in_space("GET", f"/payment/{collection}?limit=100")["data"]
        world.objects[kind] = next(item["id"] for item in items if pick(item))
    return make


def _new_transaction(world: TenantWorld, **fields) -> int:
    body = {"currency": "CHF", "merchantReference": world.tag, **fields,
            "lineItems": TYPED_BODY_CONSTANTS[("lineItems", "List[LineItemCreate]")]}
    return world.in_space("POST", "/payment/transactions", json=body)["id"]


def _paid_card_transaction(world: TenantWorld, card: dict = SIMULATOR_CARD, **fields) -> dict:
    transaction = _new_transaction(world, **fields)
    return world.in_space("POST", f"/payment/transactions/{transaction}/process-card-details", json=card)


def _transaction(world: TenantWorld) -> None:
    world.objects["transaction"] = _new_transaction(world)


def _paid_transaction(world: TenantWorld) -> None:
    paid = _paid_card_transaction(world, tokenizationMode="FORCE_CREATION", customerId=f"customer {world.tag}")
    world.objects["paid_transaction"] = paid["id"]
    world.objects["token"] = paid["token"]["id"]


def _token(world: TenantWorld) -> None:
    world.object_id("paid_transaction")  # paying it makes the token


def _token_version(world: TenantWorld) -> None:
    world.objects["token_version"] = world.in_space(
        "GET", f"/payment/tokens/{world.object_id('token')}/active-version")["id"]


def _token_transaction(world: TenantWorld) -> None:
    world.objects["token_transaction"] = _new_transaction(world, token=world.object_id("token"))


def _authorized_transaction(world: TenantWorld) -> None:
    world.objects["authorized_transaction"] = _paid_card_transaction(world, completionBehavior="COMPLETE_DEFERRED")["id"]


def _transaction_void(world: TenantWorld) -> None:
    voided = _paid_card_transaction(world, completionBehavior="COMPLETE_DEFERRED")["id"]
    world.objects["transaction_void"] = world.in_space("POST", f"/payment/transactions/{voided}/void-online")["id"]


def _linked_to(kind: str, collection: str, transaction_kind: str = "paid_transaction"):
    """The first object of ``collection`` that a transaction of ``transaction_kind`` made."""
    def make(world: TenantWorld) -> None:
        transaction = world.object_id(transaction_kind)
        world.objects[kind] = world.in_space(
            "GET", f"/payment/{collection}/search?query=linkedTransaction:{transaction}")["data"][0]["id"]
    return make


def _refund(kind: str, refund_type: str):
    def make(world: TenantWorld) -> None:
        world.objects[kind] = world.in_space("POST", "/payment/refunds", json={
            "transaction": world.object_id("paid_transaction"), "amount": 1, "type": refund_type,
            "externalId": uuid.uuid4().hex})["id"]
    return make


def _comment(kind: str, subject: str, subject_kind: str, collection: str):
    def make(world: TenantWorld) -> None:
        subject_id = world.object_id(subject_kind)
        world.objects[kind] = world.in_space("POST", f"/payment/{collection}/{subject_id}/comments",
                                             json={subject: subject_id, "content": world.tag})["id"]
    return make


def _by_invoice_transaction(world: TenantWorld) -> None:
    by_invoice = _new_transaction(world)
    world.in_space("POST", f"/payment/transactions/{by_invoice}/process-without-interaction")
    # It answers PROCESSING; the worker pays it by invoice a moment later.
    deadline = time.monotonic() + 30
    while world.in_space("GET", f"/payment/transactions/{by_invoice}")["state"] == "PROCESSING":
        assert time.monotonic() < deadline, "the worker never paid the transaction by invoice"
        time.sleep(0.05)
    world.objects["by_invoice_transaction"] = by_invoice


def _reviewed_transaction(world: TenantWorld) -> None:
    world.objects["reviewed_transaction"] = _paid_card_transaction(world, REVIEW_CARD)["id"]


def _webhook_url(world: TenantWorld) -> None:
    world.objects["webhook_url"] = world.in_space("POST", "/webhooks/urls", json={
        "url": f"https://shop.example/{uuid.uuid4().hex}", "name": world.tag[:50]})["id"]


def _webhook_listener(world: TenantWorld) -> None:
    world.objects["webhook_listener"] = world.in_space("POST", "/webhooks/listeners", json={
        "url": world.object_id("webhook_url"), "entity": 1472041829003, "name": world.tag[:50]})["id"]


def _payment_link(world: TenantWorld) -> None:
    world.objects["payment_link"] = world.in_space("POST", "/payment/links", json={
        "externalId": f"link {world.tag}", "protectionMode": "ACCESS_KEY", "currency": "CHF", "name": world.tag,
        "lineItems": TYPED_BODY_CONSTANTS[("lineItems", "List[LineItemCreate]")]})["id"]


def _line_item_version(world: TenantWorld) -> None:
    world.objects["line_item_version"] = world.in_space(
        "GET", f"/payment/transactions/{world.object_id('authorized_transaction')}/latest-line-item-version")["id"]


def _uncreatable(kind: str):
    def make(world: TenantWorld) -> None:
        world.objects[kind] = MISSING_OBJECT_ID  # none can exist through the API (NO_VALID_CALL)
    return make


# kind -> how to make one in a world (it may make the objects it needs first).
OBJECT_MAKERS = {
    "account": _sub_account,
    "space": _space,
    "role": _role,
    "application_user": _user("application_user", lambda tag: {"name": f"{tag} application user"}),
    "human_user": _user("human_user", lambda tag: {"firstname": tag, "lastname": "Human",
                                                   "emailAddress": f"{uuid.uuid4().hex}@security.test"}),
    "single_sign_on_user": _user("single_sign_on_user", lambda tag: {"provider": 1, "firstname": tag,
                                                                     "lastname": "Sso"}),
    "key": _key,
    "customer": _customer("customer", ""),
    "merged_customer": _customer("merged_customer", " merged"),
    "customer_address": _customer_child("customer_address", "addresses", lambda tag: {"address": {"city": tag}}),
    "customer_comment": _customer_child("customer_comment", "comments", lambda tag: {"content": tag}),
    "payment_method_configuration": _configuration("payment_method_configuration", "method-configurations",
                                                   lambda item: item["paymentMethod"]["id"] == 1),
    "payment_processor_configuration": _configuration("payment_processor_configuration", "processor-configurations"),
    "payment_connector_configuration": _configuration("payment_connector_configuration", "connector-configurations"),
    "transaction": _transaction,
    "paid_transaction": _paid_transaction,
    "token": _token,
    "token_version": _token_version,
    "token_transaction": _token_transaction,
    "authorized_transaction": _authorized_transaction,
    "transaction_void": _transaction_void,
    "charge_attempt": _linked_to("charge_attempt", "charge-attempts"),
    "transaction_completion": _linked_to("transaction_completion", "transactions/completions"),
    "refund": _refund("refund", "MERCHANT_INITIATED_ONLINE"),
    "manual_refund": _refund("manual_refund", "CUSTOMER_INITIATED_MANUAL"),
    "transaction_comment": _comment("transaction_comment", "transaction", "transaction", "transactions"),
    "refund_comment": _comment("refund_comment", "refund", "refund", "refunds"),
    "transaction_invoice": _linked_to("transaction_invoice", "transactions/invoices"),
    "invoice_comment": _comment("invoice_comment", "transactionInvoice", "transaction_invoice",
                                "transactions/invoices"),
    "by_invoice_transaction": _by_invoice_transaction,
    "open_invoice": _linked_to("open_invoice", "transactions/invoices", "by_invoice_transaction"),
    "reviewed_transaction": _reviewed_transaction,
    "delivery_indication": _linked_to("delivery_indication", "delivery-indications", "reviewed_transaction"),
    "webhook_url": _webhook_url,
    "webhook_listener": _webhook_listener,
    "payment_link": _payment_link,
    "line_item_version": _line_item_version,
    **{kind: _uncreatable(kind) for kind in UNCREATABLE_KINDS},
}


# --- the request factory -----------------------------------------------------------------------


class RequestFactory:
    """Builds a valid call of any implemented operation against the objects of a world.

    ``foreign_slots`` take their ids from ``foreign`` instead: "path:<name>", "query:<name>",
    "header" (Space/Account) and "body" (the account a body names).
    """

    def __init__(self, api: Api) -> None:
        self.api = api

    @staticmethod
    def slots(op: Operation) -> list[str]:
        """The parts of a call that name a tenant's objects."""
        found = [f"path:{name}" for name, kind in op.placeholder_kinds().items() if kind not in GLOBAL_KINDS]
        found += [f"query:{p['name']}" for p in op.query_params if p["required"] and p["name"] not in QUERY_CONSTANTS]
        if op.scope_header:
            found.append("header")
        if op.body_model and any(f["name"] in BODY_ACCOUNT_FIELDS for f in contract_model(op.body_model)["fields"]):
            found.append("body")
        return found

    def build(self, op: Operation, world: TenantWorld, *, foreign: TenantWorld | None = None,
              foreign_slots: frozenset[str] | set[str] = frozenset()) -> ApiCall:
        def world_for(slot: str) -> TenantWorld:
            return foreign if foreign is not None and slot in foreign_slots else world

        path_values = {name: world_for(f"path:{name}").object_id(kind, op)
                       for name, kind in op.placeholder_kinds().items()}
        query = {}
        for param in op.query_params:
            if not param["required"]:
                continue
            if param["name"] in QUERY_CONSTANTS:
                query[param["name"]] = QUERY_CONSTANTS[param["name"]]
                continue
            kind = QUERY_REFERENCES.get(param["name"])
            if kind is None:
                pytest.fail(f"{op.sdk_method}: no value is known for the required query parameter "
                            f"{param['name']!r}; add it to QUERY_REFERENCES (tests/security/support.py)")
            query[param["name"]] = str(world_for(f"query:{param['name']}").object_id(kind, op))
        call = ApiCall(op, path_values, query)
        if op.scope_header == "Space":
            call = call.replace(space=world_for("header").space_id)
        elif op.scope_header == "Account":
            call = call.replace(account=world_for("header").account_id)
        elif op.scope_header:
            pytest.fail(f"{op.sdk_method}: unknown scope header {op.scope_header!r}")
        if op.body_is_list:
            # Bulk: one item, a new object's body (bulk updates and deletes of nothing are valid too).
            creates = op.method == "POST" and op.body_model
            call = call.replace(body=[self._minimal_body(op, world_for("body"), call, world)] if creates else [])
        elif op.body_model:
            last_placeholder = f"path:{op.path_params[-1]}" if op.path_params else "body"
            call = call.replace(body=self._minimal_body(op, world_for("body"), call, world_for(last_placeholder)))
        return call

    def _minimal_body(self, op: Operation, world: TenantWorld, call: ApiCall, path_world: TenantWorld) -> dict:
        spec = contract_model(op.body_model)
        required = set(spec.get("required", []))
        body: dict = {}
        for spec_field in spec["fields"]:
            name, type_name = spec_field["name"], spec_field["type"]
            if spec_field["read_only"]:
                continue
            if name in BODY_ACCOUNT_FIELDS:
                body[name] = world.account_id
            elif (name, type_name) in TYPED_BODY_CONSTANTS:
                body[name] = TYPED_BODY_CONSTANTS[(name, type_name)]
            elif name in BODY_CONSTANTS and name not in {key for key, _ in TYPED_BODY_CONSTANTS}:
                body[name] = BODY_CONSTANTS[name]
            elif name in PATH_BODY_FIELDS and PATH_BODY_FIELDS[name] in call.path_values:
                body[name] = call.path_values[PATH_BODY_FIELDS[name]]  # the object in the path
            elif name in OPERATION_BODY_CONSTANTS.get(op.sdk_method, {}):
                body[name] = OPERATION_BODY_CONSTANTS[op.sdk_method][name]
            elif name in OPERATION_BODY_OBJECTS.get(op.sdk_method, {}):
                body[name] = world.object_id(OPERATION_BODY_OBJECTS[op.sdk_method][name], op)
            elif name in BODY_OBJECTS:
                body[name] = world.object_id(BODY_OBJECTS[name], op)
            elif name == "version":
                body[name] = self._current_version(op, call, path_world)
            elif name == "name" and type_name in ("str", "Dict[str,str]"):
                text = f"Security {uuid.uuid4().hex[:10]}"
                body[name] = text if type_name == "str" else {"en-US": text}
            elif name in required:
                pytest.fail(f"{op.sdk_method}: no valid value is known for the required body field {name!r} "
                            f"({type_name}); add it to BODY_CONSTANTS (tests/security/support.py)")
        return body

    def _current_version(self, op: Operation, call: ApiCall, owner_world: TenantWorld) -> int:
        reader = reading_operation(op)
        # The object lives in its owner's space, whatever space header the call under test sends.
        # Every path id from the owner too: a nested object is read below its own parent.
        read = call.replace(operation=reader, query={}, body=None,
                            path_values={name: owner_world.object_id(kind, op)
                                         for name, kind in op.placeholder_kinds().items()},
                            space=owner_world.space_id if call.space is not None else None)
        response = self.api.send(owner_world.owner, read)
        assert response.status_code == 200, f"{reader} for the version: {response.status_code} {response.text}"
        return response.json()["version"]


# --- what a tenant holds -----------------------------------------------------------------------


def tenant_snapshot(api: Api, factory: RequestFactory, world: TenantWorld) -> dict:
    """Everything the world's owner reads of its tenant: every list of a tenant's objects paged
    through, and every other GET operation on the world's objects (roles granted, keys...)."""
    snapshot: dict = {}
    for op in implemented_operations():
        if op.method != "GET" or op.collection_kind in GLOBAL_KINDS or op.sdk_method in VOLATILE_READS \
                or op.sdk_method in NO_VALID_CALL:
            continue
        call = factory.build(op, world)
        if op.is_list:
            snapshot[op.sdk_method] = sorted(api.page_all(world.owner, op, call), key=lambda item: item["id"])
            continue
        response = api.send(world.owner, call)
        assert response.status_code == 200, f"{call}: {response.status_code} {response.text}"
        is_json = response.headers["content-type"].startswith("application/json")
        snapshot[op.sdk_method] = response.json() if is_json else response.text
    return snapshot


def ids_by_kind(snapshot: dict, world: TenantWorld) -> dict[str, set[int]]:
    """The ids of a tenant's objects, by kind, from its snapshot and its world."""
    found: dict[str, set[int]] = {}
    for op in implemented_operations():
        if op.is_list and op.sdk_method in snapshot:
            found.setdefault(op.collection_kind, set()).update(item["id"] for item in snapshot[op.sdk_method])
    for kind, object_id in world.objects.items():
        if kind not in GLOBAL_KINDS:
            found.setdefault(kind, set()).add(object_id)
    found.setdefault("account", set()).add(world.account_id)
    found.setdefault("space", set()).add(world.space_id)
    found.setdefault("application_user", set()).add(world.owner.user_id)
    return found


def returned_ids(response: httpx.Response) -> set[int]:
    """Ids of the objects a successful read returned (JSON object or page, or CSV export)."""
    if response.headers.get("content-type", "").startswith("text/csv"):
        rows = list(csv.DictReader(io.StringIO(response.text)))
        return {int(row["id"]) for row in rows if row.get("id")}
    if not response.content:
        return set()
    body = response.json()
    items = body.get("data", [body]) if isinstance(body, dict) else body
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), int)}


def returned_account_refs(response: httpx.Response) -> set[int]:
    """Account ids that returned objects link to (``account``, ``primaryAccount``, ``parentAccount``)."""
    if not response.headers.get("content-type", "").startswith("application/json") or not response.content:
        return set()
    return account_refs(response.json())


def account_refs(value) -> set[int]:
    found: set[int] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in BODY_ACCOUNT_FIELDS:
                    ref = item.get("id") if isinstance(item, dict) else item
                    if isinstance(ref, int):
                        found.add(ref)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(value)
    return found


# --- answers -------------------------------------------------------------------------------

ERROR_FIELDS = {"id", "date", "code", "message", "errors"}


def error_problem(response: httpx.Response, statuses, what: str, *, naming: str | None = None) -> str | None:
    """Why ``response`` is not a RestApiErrorResponse with one of ``statuses`` (and, when it is a
    400 and ``naming`` is given, an ``errors`` entry for that field), or None when it is."""
    status = response.status_code
    if status not in statuses:
        return f"{what}: expected {sorted(statuses)}, got {status}: {response.text[:300]}"
    if not 400 <= status < 500:
        return f"{what}: {status} is not a client error"
    if not response.headers.get("content-type", "").startswith("application/json"):
        return f"{what}: {status} answered with {response.headers.get('content-type')!r}, not JSON"
    try:
        body = response.json()
    except ValueError:
        return f"{what}: {status} body is not JSON: {response.text[:200]}"
    if not isinstance(body, dict) or not ERROR_FIELDS <= body.keys():
        return f"{what}: not a RestApiErrorResponse: {response.text[:300]}"
    if not isinstance(body["errors"], dict) or not isinstance(body["message"], str) or not body["message"]:
        return f"{what}: malformed RestApiErrorResponse: {response.text[:300]}"
    if naming is not None and status == 400 and not any(key == naming or key.startswith((naming + ".", naming + "["))
                                      for key in body["errors"]):
        return f"{what}: errors do not name {naming!r}: {body['errors']}"
    return None


def numbers_in_error(response: httpx.Response) -> set[int]:
    """Integers in an error's message and errors (its id is a UUID and its date a timestamp)."""
    try:
        body = response.json()
    except ValueError:
        return {int(n) for n in re.findall(r"\d+", response.text)}
    if not isinstance(body, dict):
        return set()
    text = " ".join([str(body.get("message", "")), json.dumps(body.get("errors", {}))])
    return {int(number) for number in re.findall(r"\d+", text)}


def assert_log_is_clean(log_text: str, issued_keys: set[str]) -> None:
    assert "Traceback" not in log_text, "the server log holds a traceback:\n" + log_text[-4000:]
    leaked = [key for key in issued_keys if key in log_text]
    assert not leaked, f"the server log holds {len(leaked)} authentication key(s)"
