"""The processor port: what Paystead asks of a payment processor, and what it gets back.

Processing code (transactions, completions, voids, refunds, tokens, charge flows) speaks to a
processor only through ``PaymentProcessor``, found by ``processor_for`` (registry.py). Requests
and answers are plain frozen dataclasses: amounts are Decimals, references are strings, and no
database row crosses the port. A card number crosses it only inside ``CardDetails``, whose
``repr`` masks it, so that logging a request never writes one.

Synchronous and asynchronous variants. ``authorize`` answers at once with a final outcome
(APPROVED, DECLINED) or CHALLENGE (the buyer must act first, at a challenge page; the answer is
then given to ``settle_authorization``). ``authorize_async`` is the variant for payments the
buyer is not present for (wallee's process-without-interaction, charge flows): the processor
takes the request and answers PENDING; Paystead leaves the transaction PROCESSING and its worker
asks ``settle_authorization`` for the final outcome later. ``complete``, ``void`` and ``refund``
answer SUCCESSFUL or FAILED; their ``*_async`` variants may answer PENDING, settled later by
``settle_operation``. A processor that has nothing asynchronous inherits the defaults: each
asynchronous variant answers as the synchronous one does.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal

from paystead.errors import ServiceUnavailable
from paystead.payments.cards import mask_pan


class ProcessorError(ServiceUnavailable):
    """The processor could not be asked, or answered nothing Paystead understands: a 503, and the
    request's unit of work changes nothing (a worker's job is retried later)."""

    code = "processor_unavailable"


class UnknownReference(ProcessorError):
    """The processor no longer knows the reference it was asked about (a challenge that was given up)."""


@dataclass(frozen=True)
class CardDetails:
    """A card as the buyer gave it. The number and the CVC never show in ``repr``."""

    number: str = field(repr=False)
    expiry_year: int
    expiry_month: int
    cvc: str | None = field(default=None, repr=False)
    holder: str | None = field(default=None, repr=False)

    @property
    def masked(self) -> str:
        return mask_pan(self.number)


@dataclass(frozen=True)
class LineItem:
    unique_id: str
    name: str
    type: str
    quantity: Decimal
    amount_including_tax: Decimal


@dataclass(frozen=True)
class Payment:
    """What is being paid, in every request: Paystead's reference of the transaction (a processor
    keys its own records by it), the amount and what it is for, and the connector chosen."""

    space_id: int
    transaction_id: int
    amount: Decimal
    currency: str
    line_items: tuple[LineItem, ...] = ()
    merchant_reference: str | None = None
    connector_id: int | None = None
    payment_method_id: int | None = None


@dataclass(frozen=True)
class AuthorizationRequest:
    payment: Payment
    # The card the buyer typed, or the processor's token of one stored earlier, or neither (a
    # payment method the buyer completes elsewhere: an app, an invoice).
    card: CardDetails | None = None
    token: str | None = None
    # What 3-D Secure data sent with the card say (True passed, False failed), or nothing.
    three_d_secure_passed: bool | None = None
    # Whether a challenge can be shown to the buyer; when not, a challenge is a failure.
    challenge_possible: bool = False
    # Keep the payment information for later charges, and answer its token.
    store_payment_information: bool = False


class AuthorizationStatus(enum.Enum):
    APPROVED = "APPROVED"
    DECLINED = "DECLINED"
    CHALLENGE = "CHALLENGE"  # the buyer must act first; settle_authorization gets the answer
    PENDING = "PENDING"  # the processor answers later; settle_authorization asks for it


@dataclass(frozen=True)
class StoredPaymentInformation:
    """Payment information the processor keeps for later charges: its token and how to show it."""

    token: str
    display_name: str
    expiry_year: int
    expiry_month: int


@dataclass(frozen=True)
class Authorization:
    status: AuthorizationStatus
    # A key of paystead.payments.failure_reasons.FAILURE_REASONS, when DECLINED.
    failure: str | None = None
    # The processor's reference of a CHALLENGE or PENDING authorization, given back to settle it.
    reference: str | None = None
    # Approved, but the goods wait for a manual decision (wallee's delivery review).
    review_required: bool = False
    stored: StoredPaymentInformation | None = None

    @property
    def approved(self) -> bool:
        return self.status is AuthorizationStatus.APPROVED


@dataclass(frozen=True)
class SettlementRequest:
    """Asks for the final outcome of a CHALLENGE or PENDING authorization."""

    authorization: AuthorizationRequest
    reference: str | None = None
    # The buyer's answer to a challenge; None when the worker settles a PENDING one.
    challenge_passed: bool | None = None


@dataclass(frozen=True)
class CompletionRequest:
    payment: Payment
    amount: Decimal
    line_items: tuple[LineItem, ...] = ()
    last_completion: bool = True


@dataclass(frozen=True)
class VoidRequest:
    payment: Payment


@dataclass(frozen=True)
class RefundRequest:
    payment: Payment
    amount: Decimal
    line_items: tuple[LineItem, ...] = ()
    external_id: str | None = None


class OperationStatus(enum.Enum):
    SUCCESSFUL = "SUCCESSFUL"
    FAILED = "FAILED"
    PENDING = "PENDING"  # only from an *_async variant: settle_operation gives the outcome later


class OperationKind(enum.Enum):
    COMPLETION = "COMPLETION"
    VOID = "VOID"
    REFUND = "REFUND"


@dataclass(frozen=True)
class OperationResult:
    status: OperationStatus
    # The processor's reference of the completion, void or refund (shown as processorReference).
    reference: str | None = None
    failure: str | None = None  # a key of FAILURE_REASONS, when FAILED

    @property
    def succeeded(self) -> bool:
        return self.status is OperationStatus.SUCCESSFUL


class PaymentProcessor(ABC):
    """One payment processor. The built-in simulator is one; payment web apps and terminals plug
    in more (see registry.py and the README's "Payment processors")."""

    @abstractmethod
    async def authorize(self, request: AuthorizationRequest) -> Authorization:
        """APPROVED, DECLINED or CHALLENGE, at once."""

    @abstractmethod
    async def settle_authorization(self, request: SettlementRequest) -> Authorization:
        """The final outcome (APPROVED or DECLINED) of a CHALLENGE or PENDING authorization."""

    @abstractmethod
    async def complete(self, request: CompletionRequest) -> OperationResult: ...

    @abstractmethod
    async def void(self, request: VoidRequest) -> OperationResult: ...

    @abstractmethod
    async def refund(self, request: RefundRequest) -> OperationResult: ...

    async def authorize_async(self, request: AuthorizationRequest) -> Authorization:
        """Takes the request for a buyer who is not present; PENDING until settled."""
        return Authorization(AuthorizationStatus.PENDING)

    async def complete_async(self, request: CompletionRequest) -> OperationResult:
        return await self.complete(request)

    async def void_async(self, request: VoidRequest) -> OperationResult:
        return await self.void(request)

    async def refund_async(self, request: RefundRequest) -> OperationResult:
        return await self.refund(request)

    async def settle_operation(self, kind: OperationKind, reference: str) -> OperationResult:
        """The final outcome of a completion, void or refund an *_async variant answered PENDING."""
        raise ProcessorError(f"{type(self).__name__} has no pending {kind.value.lower()} to settle")

    async def token_chargeable(self, token: str) -> bool:
        """Whether a stored token can still be charged (a charge flow skips one that cannot)."""
        return True
