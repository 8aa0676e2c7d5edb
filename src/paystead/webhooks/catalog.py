"""The entities a webhook listener can watch, with the ids shop plugins hard-code.

wallee's own ids are kept for the entities wallee defines; the other entities Paystead can
report carry ids of the same 13-digit form in a range of Paystead's own (18000000001xx), so
that they can never be mistaken for wallee's.

``source`` says how changes are noticed: ``event`` entities change state through their state
machine, which records every step as an Event (so a transaction that goes AUTHORIZED ->
COMPLETED -> FULFILL in one request reports all three); ``row`` entities are watched as rows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListenerEntity:
    id: int
    technical_name: str  # the wire model name, as in the payload's listenerEntityTechnicalName
    name: str
    source: str  # "event" or "row"
    states: tuple[str, ...]


_CREATION = ("CREATE", "ACTIVE", "INACTIVE", "DELETING", "DELETED")

ENTITIES: tuple[ListenerEntity, ...] = (
    ListenerEntity(1472041829003, "Transaction", "Transaction", "event",
                   ("PENDING", "CONFIRMED", "PROCESSING", "FAILED", "AUTHORIZED", "VOIDED", "COMPLETED", "FULFILL",
                    "DECLINE")),
    ListenerEntity(1472041831364, "TransactionCompletion", "Transaction Completion", "event",
                   ("CREATE", "PENDING", "FAILED", "SUCCESSFUL")),
    ListenerEntity(1472041867364, "TransactionVoid", "Transaction Void", "event",
                   ("CREATE", "PENDING", "FAILED", "SUCCESSFUL")),
    ListenerEntity(1472041839405, "Refund", "Refund", "event",
                   ("CREATE", "SCHEDULED", "PENDING", "MANUAL_CHECK", "FAILED", "SUCCESSFUL")),
    ListenerEntity(1472041806455, "Token", "Token", "event", _CREATION),
    ListenerEntity(1472041811051, "TokenVersion", "Token Version", "event", ("UNINITIALIZED", "ACTIVE", "OBSOLETE")),
    ListenerEntity(1472041819799, "DeliveryIndication", "Delivery Indication", "event",
                   ("PENDING", "NOT_SUITABLE", "MANUAL_CHECK_REQUIRED", "SUITABLE")),
    ListenerEntity(1472041816898, "TransactionInvoice", "Transaction Invoice", "event",
                   ("CREATE", "OPEN", "OVERDUE", "CANCELED", "PAID", "DERECOGNIZED", "NOT_APPLICABLE")),
    ListenerEntity(1472041857405, "PaymentMethodConfiguration", "Payment Method Configuration", "row", _CREATION),
    # Manual tasks do not exist in Paystead yet: a listener can be created, nothing is sent.
    ListenerEntity(1487165678181, "ManualTask", "Manual Task", "row", ("OPEN", "DONE", "EXPIRED")),
    # Paystead's own ids.
    ListenerEntity(1800000000101, "ChargeAttempt", "Charge Attempt", "event", ("PROCESSING", "SUCCESSFUL", "FAILED")),
    ListenerEntity(1800000000102, "TransactionGroup", "Transaction Group", "event", ("PENDING", "FAILED", "SUCCESSFUL")),
    ListenerEntity(1800000000103, "TransactionLineItemVersion", "Transaction Line Item Version", "event",
                   ("CREATE", "SCHEDULED", "PENDING", "SUCCESSFUL", "FAILED")),
    ListenerEntity(1800000000104, "PaymentProcessorConfiguration", "Payment Processor Configuration", "row", _CREATION),
    ListenerEntity(1800000000105, "PaymentConnectorConfiguration", "Payment Connector Configuration", "row", _CREATION),
    ListenerEntity(1800000000106, "PaymentLink", "Payment Link", "row", _CREATION),
)

BY_ID = {entity.id: entity for entity in ENTITIES}
BY_NAME = {entity.technical_name: entity for entity in ENTITIES}


def markdown_table() -> str:
    lines = ["| id | entity | states |", "|---|---|---|"]
    lines += [f"| `{entity.id}` | {entity.name} | {', '.join(entity.states)} |" for entity in ENTITIES]
    return "\n".join(lines)
