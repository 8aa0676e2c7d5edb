"""The transition tables of the payment entities, as wallee has their states."""

from __future__ import annotations

from paystead.payments.states import StateMachine, edges

# Records that succeed the moment they are made (completions, voids, line item versions).
SUCCEEDED_AT_ONCE = ["CREATE", "PENDING", "SUCCESSFUL"]

TRANSACTION = StateMachine(
    "Transaction",
    edges({
        "CREATE": ("PENDING", "FAILED"),
        "PENDING": ("CONFIRMED", "PROCESSING", "FAILED"),
        "CONFIRMED": ("PROCESSING", "FAILED"),
        "PROCESSING": ("AUTHORIZED", "FAILED"),
        "AUTHORIZED": ("COMPLETED", "VOIDED"),
        "COMPLETED": ("FULFILL", "DECLINE"),
        "FAILED": (),
        "VOIDED": (),
        "FULFILL": (),
        "DECLINE": (),
    }),
    stamps={"CONFIRMED": "confirmed_on", "PROCESSING": "processing_on", "AUTHORIZED": "authorized_on",
            "COMPLETED": "completed_on", "FAILED": "failed_on", "VOIDED": "voided_on",
            "FULFILL": "delivery_decision_made_on", "DECLINE": "delivery_decision_made_on"},
)

TRANSACTION_GROUP = StateMachine(
    "TransactionGroup",
    edges({"PENDING": ("SUCCESSFUL", "FAILED"), "SUCCESSFUL": (), "FAILED": ()}),
    stamps={"SUCCESSFUL": "end_date", "FAILED": "end_date"},
)

CHARGE = StateMachine(
    "Charge",
    edges({"PENDING": ("SUCCESSFUL", "FAILED"), "SUCCESSFUL": (), "FAILED": ()}),
)

CHARGE_ATTEMPT = StateMachine(
    "ChargeAttempt",
    edges({"PROCESSING": ("SUCCESSFUL", "FAILED"), "SUCCESSFUL": (), "FAILED": ()}),
    stamps={"SUCCESSFUL": "succeeded_on", "FAILED": "failed_on"},
)

CHARGE_FLOW_LEVEL = StateMachine(
    "ChargeFlowLevel",
    edges({"PENDING": ("SUCCESSFUL", "FAILED"), "SUCCESSFUL": (), "FAILED": ()}),
)

COMPLETION = StateMachine(
    "TransactionCompletion",
    edges({"CREATE": ("PENDING",), "PENDING": ("SUCCESSFUL", "FAILED"), "SUCCESSFUL": (), "FAILED": ()}),
    stamps={"PENDING": "processing_on", "SUCCESSFUL": "succeeded_on", "FAILED": "failed_on"},
)

VOID = StateMachine(
    "TransactionVoid",
    edges({"CREATE": ("PENDING",), "PENDING": ("SUCCESSFUL", "FAILED"), "SUCCESSFUL": (), "FAILED": ()}),
    stamps={"SUCCESSFUL": "succeeded_on", "FAILED": "failed_on"},
)

REFUND = StateMachine(
    "Refund",
    edges({
        "CREATE": ("PENDING", "SCHEDULED"),
        "SCHEDULED": ("PENDING",),
        "PENDING": ("SUCCESSFUL", "FAILED", "MANUAL_CHECK"),
        "MANUAL_CHECK": ("SUCCESSFUL", "FAILED"),
        "SUCCESSFUL": (),
        "FAILED": (),
    }),
    stamps={"PENDING": "processing_on", "SUCCESSFUL": "succeeded_on", "FAILED": "failed_on"},
)

TOKEN_VERSION = StateMachine(
    "TokenVersion",
    edges({"UNINITIALIZED": ("ACTIVE", "OBSOLETE"), "ACTIVE": ("OBSOLETE",), "OBSOLETE": ()}),
    stamps={"ACTIVE": "activated_on", "OBSOLETE": "obsoleted_on"},
)

# Configuration and tokens: CreationEntityState.
CREATION_ENTITY_STATES = edges({
    "CREATE": ("ACTIVE", "INACTIVE", "DELETING", "DELETED"),
    "ACTIVE": ("INACTIVE", "DELETING", "DELETED"),
    "INACTIVE": ("ACTIVE", "DELETING", "DELETED"),
    "DELETING": ("DELETED",),
    "DELETED": (),
})
TOKEN = StateMachine("Token", CREATION_ENTITY_STATES)

TRANSACTION_INVOICE = StateMachine(
    "TransactionInvoice",
    edges({
        "CREATE": ("OPEN", "PAID", "NOT_APPLICABLE"),
        "OPEN": ("OVERDUE", "PAID", "CANCELED", "DERECOGNIZED"),
        "OVERDUE": ("PAID", "CANCELED", "DERECOGNIZED"),
        "PAID": (),
        "CANCELED": (),
        "DERECOGNIZED": (),
        "NOT_APPLICABLE": (),
    }),
    stamps={"PAID": "paid_on", "DERECOGNIZED": "derecognized_on"},
)

DELIVERY_INDICATION = StateMachine(
    "DeliveryIndication",
    edges({
        "PENDING": ("SUITABLE", "NOT_SUITABLE", "MANUAL_CHECK_REQUIRED"),
        "MANUAL_CHECK_REQUIRED": ("SUITABLE", "NOT_SUITABLE"),
        "SUITABLE": (),
        "NOT_SUITABLE": (),
    }),
)

LINE_ITEM_VERSION = StateMachine(
    "TransactionLineItemVersion",
    edges({"CREATE": ("PENDING", "SCHEDULED"), "SCHEDULED": ("PENDING",), "PENDING": ("SUCCESSFUL", "FAILED"),
           "SUCCESSFUL": (), "FAILED": ()}),
    stamps={"PENDING": "processing_on", "SUCCESSFUL": "succeeded_on", "FAILED": "failed_on"},
)
