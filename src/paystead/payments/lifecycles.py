"""The states of Paystead's entities, as wallee has them, and the transition tables of the
payment entities.

Each entity's states are a ``StrEnum`` named as wallee's wire enum (its values are the wire
strings, so rendering and the database are unchanged). The named groups of states that rules
test against (``TransactionState.PROCESSABLE``...) sit on the enum beside the states they name,
and ``require_state`` (``payments.states``) refuses any other with one 422.
"""

from __future__ import annotations

from enum import StrEnum, nonmember

from paystead.payments.states import StateMachine, edges


class TransactionState(StrEnum):
    CREATE = "CREATE"
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    PROCESSING = "PROCESSING"
    FAILED = "FAILED"
    AUTHORIZED = "AUTHORIZED"
    VOIDED = "VOIDED"
    COMPLETED = "COMPLETED"
    FULFILL = "FULFILL"
    DECLINE = "DECLINE"

    # The transaction itself may still be updated (wallee's CREATE is never visible).
    CHANGEABLE = nonmember(frozenset({CREATE, PENDING}))
    # Processing (a card, a token, a charge flow) may start.
    PROCESSABLE = nonmember(frozenset({PENDING, CONFIRMED}))
    # Not authorized yet, and not failed: the buyer may still pay (on the payment page), and
    # the authorization timeout still applies.
    AWAITING_AUTHORIZATION = nonmember(frozenset({PENDING, CONFIRMED, PROCESSING}))
    # Its line items may still change (a new line item version).
    LINE_ITEMS_CHANGEABLE = nonmember(frozenset({PENDING, CONFIRMED, AUTHORIZED}))
    # The last completion happened (or a void after partial ones), whatever the delivery
    # decision since: completions are over, and the completed money may be refunded.
    COMPLETED_OR_LATER = nonmember(frozenset({COMPLETED, FULFILL, DECLINE}))
    # The buyer paid: the success URL applies.
    PAID = nonmember(frozenset({AUTHORIZED, COMPLETED, FULFILL}))
    # The payment ended without money for the merchant: the failed URL applies.
    UNPAID_END = nonmember(frozenset({FAILED, VOIDED, DECLINE}))


class TransactionGroupState(StrEnum):
    PENDING = "PENDING"
    FAILED = "FAILED"
    SUCCESSFUL = "SUCCESSFUL"


class ChargeState(StrEnum):
    PENDING = "PENDING"
    FAILED = "FAILED"
    SUCCESSFUL = "SUCCESSFUL"


class ChargeAttemptState(StrEnum):
    PROCESSING = "PROCESSING"
    FAILED = "FAILED"
    SUCCESSFUL = "SUCCESSFUL"


class ChargeFlowLevelState(StrEnum):
    PENDING = "PENDING"
    FAILED = "FAILED"
    SUCCESSFUL = "SUCCESSFUL"


class TransactionCompletionState(StrEnum):
    CREATE = "CREATE"
    SCHEDULED = "SCHEDULED"
    PENDING = "PENDING"
    FAILED = "FAILED"
    SUCCESSFUL = "SUCCESSFUL"

    # Neither succeeded nor failed yet.
    OPEN = nonmember(frozenset({CREATE, PENDING}))


class TransactionVoidState(StrEnum):
    CREATE = "CREATE"
    PENDING = "PENDING"
    FAILED = "FAILED"
    SUCCESSFUL = "SUCCESSFUL"


class RefundState(StrEnum):
    CREATE = "CREATE"
    SCHEDULED = "SCHEDULED"
    PENDING = "PENDING"
    MANUAL_CHECK = "MANUAL_CHECK"
    FAILED = "FAILED"
    SUCCESSFUL = "SUCCESSFUL"

    # Refunded or still able to be: counts against what can still be refunded.
    OUTSTANDING = nonmember(frozenset({CREATE, SCHEDULED, PENDING, MANUAL_CHECK, SUCCESSFUL}))


class TokenVersionState(StrEnum):
    UNINITIALIZED = "UNINITIALIZED"
    ACTIVE = "ACTIVE"
    OBSOLETE = "OBSOLETE"


class CreationEntityState(StrEnum):
    """Tokens, payment links, configuration, spaces, users, webhook URLs and listeners."""

    CREATE = "CREATE"
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"
    DELETING = "DELETING"
    DELETED = "DELETED"

    # Not deleted (nor being deleted).
    LIVE = nonmember(frozenset({CREATE, ACTIVE, INACTIVE}))


class TransactionInvoiceState(StrEnum):
    CREATE = "CREATE"
    OPEN = "OPEN"
    OVERDUE = "OVERDUE"
    CANCELED = "CANCELED"
    PAID = "PAID"
    DERECOGNIZED = "DERECOGNIZED"
    NOT_APPLICABLE = "NOT_APPLICABLE"

    # Still to be paid: may be replaced by a new invoice.
    REPLACEABLE = nonmember(frozenset({OPEN, OVERDUE}))


class DeliveryIndicationState(StrEnum):
    PENDING = "PENDING"
    NOT_SUITABLE = "NOT_SUITABLE"
    MANUAL_CHECK_REQUIRED = "MANUAL_CHECK_REQUIRED"
    SUITABLE = "SUITABLE"


class TransactionLineItemVersionState(StrEnum):
    CREATE = "CREATE"
    SCHEDULED = "SCHEDULED"
    PENDING = "PENDING"
    SUCCESSFUL = "SUCCESSFUL"
    FAILED = "FAILED"


class AccountState(StrEnum):
    CREATE = "CREATE"
    RESTRICTED_ACTIVE = "RESTRICTED_ACTIVE"
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"
    DELETING = "DELETING"
    DELETED = "DELETED"

    # Not deleted (nor being deleted).
    LIVE = nonmember(frozenset({CREATE, RESTRICTED_ACTIVE, ACTIVE, INACTIVE}))
    # Its users may act, and grants on it count.
    ACTIVE_OR_RESTRICTED = nonmember(frozenset({ACTIVE, RESTRICTED_ACTIVE}))


class RoleState(StrEnum):
    CREATE = "CREATE"
    ACTIVE = "ACTIVE"
    DELETING = "DELETING"
    DELETED = "DELETED"


class ApplicationKeyState(StrEnum):
    GENERATED = "GENERATED"
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


class WebhookDeliveryState(StrEnum):
    """Paystead's own: a webhook delivery waits, or was delivered, or was given up."""

    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


# Records that succeed the moment they are made (completions, voids, line item versions).
SUCCEEDED_AT_ONCE = ["CREATE", "PENDING", "SUCCESSFUL"]

_T = TransactionState
TRANSACTION = StateMachine(
    "Transaction",
    edges({
        _T.CREATE: (_T.PENDING, _T.FAILED),
        _T.PENDING: (_T.CONFIRMED, _T.PROCESSING, _T.FAILED),
        _T.CONFIRMED: (_T.PROCESSING, _T.FAILED),
        _T.PROCESSING: (_T.AUTHORIZED, _T.FAILED),
        _T.AUTHORIZED: (_T.COMPLETED, _T.VOIDED),
        _T.COMPLETED: (_T.FULFILL, _T.DECLINE),
        _T.FAILED: (),
        _T.VOIDED: (),
        _T.FULFILL: (),
        _T.DECLINE: (),
    }),
    stamps={_T.CONFIRMED: "confirmed_on", _T.PROCESSING: "processing_on", _T.AUTHORIZED: "authorized_on",
            _T.COMPLETED: "completed_on", _T.FAILED: "failed_on", _T.VOIDED: "voided_on",
            _T.FULFILL: "delivery_decision_made_on", _T.DECLINE: "delivery_decision_made_on"},
    states=TransactionState,
)

_G = TransactionGroupState
TRANSACTION_GROUP = StateMachine(
    "TransactionGroup",
    edges({_G.PENDING: (_G.SUCCESSFUL, _G.FAILED), _G.SUCCESSFUL: (), _G.FAILED: ()}),
    stamps={_G.SUCCESSFUL: "end_date", _G.FAILED: "end_date"},
    states=TransactionGroupState,
)

CHARGE = StateMachine(
    "Charge",
    edges({ChargeState.PENDING: (ChargeState.SUCCESSFUL, ChargeState.FAILED),
           ChargeState.SUCCESSFUL: (), ChargeState.FAILED: ()}),
    states=ChargeState,
)

_A = ChargeAttemptState
CHARGE_ATTEMPT = StateMachine(
    "ChargeAttempt",
    edges({_A.PROCESSING: (_A.SUCCESSFUL, _A.FAILED), _A.SUCCESSFUL: (), _A.FAILED: ()}),
    stamps={_A.SUCCESSFUL: "succeeded_on", _A.FAILED: "failed_on"},
    states=ChargeAttemptState,
)

_L = ChargeFlowLevelState
CHARGE_FLOW_LEVEL = StateMachine(
    "ChargeFlowLevel",
    edges({_L.PENDING: (_L.SUCCESSFUL, _L.FAILED), _L.SUCCESSFUL: (), _L.FAILED: ()}),
    states=ChargeFlowLevelState,
)

_C = TransactionCompletionState
COMPLETION = StateMachine(
    "TransactionCompletion",
    edges({_C.CREATE: (_C.PENDING,), _C.PENDING: (_C.SUCCESSFUL, _C.FAILED), _C.SUCCESSFUL: (), _C.FAILED: ()}),
    stamps={_C.PENDING: "processing_on", _C.SUCCESSFUL: "succeeded_on", _C.FAILED: "failed_on"},
    states=TransactionCompletionState,
)

_V = TransactionVoidState
VOID = StateMachine(
    "TransactionVoid",
    edges({_V.CREATE: (_V.PENDING,), _V.PENDING: (_V.SUCCESSFUL, _V.FAILED), _V.SUCCESSFUL: (), _V.FAILED: ()}),
    stamps={_V.SUCCESSFUL: "succeeded_on", _V.FAILED: "failed_on"},
    states=TransactionVoidState,
)

_R = RefundState
REFUND = StateMachine(
    "Refund",
    edges({
        _R.CREATE: (_R.PENDING, _R.SCHEDULED),
        _R.SCHEDULED: (_R.PENDING,),
        _R.PENDING: (_R.SUCCESSFUL, _R.FAILED, _R.MANUAL_CHECK),
        _R.MANUAL_CHECK: (_R.SUCCESSFUL, _R.FAILED),
        _R.SUCCESSFUL: (),
        _R.FAILED: (),
    }),
    stamps={_R.PENDING: "processing_on", _R.SUCCESSFUL: "succeeded_on", _R.FAILED: "failed_on"},
    states=RefundState,
)

_TV = TokenVersionState
TOKEN_VERSION = StateMachine(
    "TokenVersion",
    edges({_TV.UNINITIALIZED: (_TV.ACTIVE, _TV.OBSOLETE), _TV.ACTIVE: (_TV.OBSOLETE,), _TV.OBSOLETE: ()}),
    stamps={_TV.ACTIVE: "activated_on", _TV.OBSOLETE: "obsoleted_on"},
    states=TokenVersionState,
)

# Configuration and tokens: CreationEntityState.
_E = CreationEntityState
CREATION_ENTITY_STATES = edges({
    _E.CREATE: (_E.ACTIVE, _E.INACTIVE, _E.DELETING, _E.DELETED),
    _E.ACTIVE: (_E.INACTIVE, _E.DELETING, _E.DELETED),
    _E.INACTIVE: (_E.ACTIVE, _E.DELETING, _E.DELETED),
    _E.DELETING: (_E.DELETED,),
    _E.DELETED: (),
})
TOKEN = StateMachine("Token", CREATION_ENTITY_STATES, states=CreationEntityState)

_I = TransactionInvoiceState
TRANSACTION_INVOICE = StateMachine(
    "TransactionInvoice",
    edges({
        _I.CREATE: (_I.OPEN, _I.PAID, _I.NOT_APPLICABLE),
        _I.OPEN: (_I.OVERDUE, _I.PAID, _I.CANCELED, _I.DERECOGNIZED),
        _I.OVERDUE: (_I.PAID, _I.CANCELED, _I.DERECOGNIZED),
        _I.PAID: (),
        _I.CANCELED: (),
        _I.DERECOGNIZED: (),
        _I.NOT_APPLICABLE: (),
    }),
    stamps={_I.PAID: "paid_on", _I.DERECOGNIZED: "derecognized_on"},
    states=TransactionInvoiceState,
)

_D = DeliveryIndicationState
DELIVERY_INDICATION = StateMachine(
    "DeliveryIndication",
    edges({
        _D.PENDING: (_D.SUITABLE, _D.NOT_SUITABLE, _D.MANUAL_CHECK_REQUIRED),
        _D.MANUAL_CHECK_REQUIRED: (_D.SUITABLE, _D.NOT_SUITABLE),
        _D.SUITABLE: (),
        _D.NOT_SUITABLE: (),
    }),
    states=DeliveryIndicationState,
)

_LV = TransactionLineItemVersionState
LINE_ITEM_VERSION = StateMachine(
    "TransactionLineItemVersion",
    edges({_LV.CREATE: (_LV.PENDING, _LV.SCHEDULED), _LV.SCHEDULED: (_LV.PENDING,),
           _LV.PENDING: (_LV.SUCCESSFUL, _LV.FAILED), _LV.SUCCESSFUL: (), _LV.FAILED: ()}),
    stamps={_LV.PENDING: "processing_on", _LV.SUCCESSFUL: "succeeded_on", _LV.FAILED: "failed_on"},
    states=TransactionLineItemVersionState,
)

# Every machine, for the tests that walk them.
MACHINES = (TRANSACTION, TRANSACTION_GROUP, CHARGE, CHARGE_ATTEMPT, CHARGE_FLOW_LEVEL, COMPLETION, VOID, REFUND,
            TOKEN_VERSION, TOKEN, TRANSACTION_INVOICE, DELIVERY_INDICATION, LINE_ITEM_VERSION)
