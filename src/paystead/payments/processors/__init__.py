"""The processor port (base.py), its built-in simulator (simulator.py) and the resolver that
picks a payment's processor (registry.py)."""

from paystead.payments.processors.base import (
    Authorization,
    AuthorizationRequest,
    AuthorizationStatus,
    CardDetails,
    CompletionRequest,
    LineItem,
    OperationKind,
    OperationResult,
    OperationStatus,
    Payment,
    PaymentProcessor,
    ProcessorError,
    RefundRequest,
    SettlementRequest,
    StoredPaymentInformation,
    UnknownReference,
    VoidRequest,
)

__all__ = [
    "Authorization",
    "AuthorizationRequest",
    "AuthorizationStatus",
    "CardDetails",
    "CompletionRequest",
    "LineItem",
    "OperationKind",
    "OperationResult",
    "OperationStatus",
    "Payment",
    "PaymentProcessor",
    "ProcessorError",
    "RefundRequest",
    "SettlementRequest",
    "StoredPaymentInformation",
    "UnknownReference",
    "VoidRequest",
]
