"""Processing a transaction: card data -> connector -> charge attempt -> the answer of the
connector's processor (through the processor port, paystead.payments.processors) ->
authorization (and, when the transaction completes immediately, completion and fulfilment), or
failure with its reason.

Card numbers stay in this module's locals and cross the port only to the processor (the
built-in simulator keeps them in its encrypted vault); what is stored elsewhere is the brand,
BIN and last four digits. The CVC is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from paystead.db.base import utcnow
from paystead.db.models import (Charge, ChargeAttempt, ChargeFlowLevel, PaymentConnector, PaymentConnectorConfiguration,
                               Token, TokenVersion, Transaction, TransactionGroup)
from paystead.domains.reference import catalog
from paystead.domains.transactions.completion import complete_transaction
from paystead.domains.transactions.connectors import BRAND_IDS, Applicable, applicable_connectors, for_card
from paystead.domains.transactions.line_item_versions import record_authorized_items
from paystead.domains.transactions.locks import lock_transaction
from paystead.domains.transactions.processor_requests import payment_of
from paystead.errors import UnprocessableEntity
from paystead.payments import cards, lifecycles
from paystead.payments.failure_reasons import FAILURE_REASONS
from paystead.payments.lifecycles import TransactionState
from paystead.payments.processors.base import (
    Authorization,
    AuthorizationRequest,
    AuthorizationStatus,
    CardDetails,
    ProcessorError,
    SettlementRequest,
    StoredPaymentInformation,
    UnknownReference,
)
from paystead.payments.processors.registry import processor_for
from paystead.payments.states import enter, require_state, transition
from paystead.domains.context import DomainContext



@dataclass(frozen=True)
class Card:
    pan: str
    expiry: tuple[int, int]  # (year, month)
    cvc: str | None
    holder: str | None

    @property
    def masked(self) -> str:
        return cards.mask_pan(self.pan)

    def details(self) -> CardDetails:
        """The card as it crosses the processor port (its repr masks the number)."""
        return CardDetails(number=self.pan, expiry_year=self.expiry[0], expiry_month=self.expiry[1], cvc=self.cvc,
                           holder=self.holder)


@dataclass
class Outcome:
    attempt: ChargeAttempt
    charge: Charge
    # Set when the buyer must pass a 3-D Secure challenge first.
    challenge_url: str | None = None


def read_card(card_data: dict | None) -> Card:
    """The card of a ``cardData`` body, checked: a number that is no card or fails the Luhn
    check, or a missing or malformed expiry date, is a 422 naming the field."""
    if not card_data:
        raise _card_error("cardData", "card data are required")
    pan = cards.normalize_pan(card_data.get("primaryAccountNumber") or "")
    if pan is None or not cards.luhn_valid(pan):
        raise _card_error("cardData.primaryAccountNumber", "not a valid card number (Luhn check failed)")
    expiry_text = card_data.get("expiryDate")
    if not expiry_text:
        raise _card_error("cardData.expiryDate", "the expiry date is required (YYYY-MM)")
    try:
        expiry = cards.parse_expiry(expiry_text)
    except ValueError:
        raise _card_error("cardData.expiryDate", "not an expiry date (YYYY-MM)") from None
    cvc = card_data.get("cardVerificationCode")
    if cvc is not None and (not cvc.isascii() or not cvc.isdigit()):
        raise _card_error("cardData.cardVerificationCode", "the CVC is digits only")
    return Card(pan=pan, expiry=expiry, cvc=cvc, holder=card_data.get("cardHolderName"))


def _card_error(field: str, problem: str) -> UnprocessableEntity:
    return UnprocessableEntity(f"{field}: {problem}", code="invalid_card_data", errors={field: problem})


def three_d_secure_result(card_data: dict) -> bool | None:
    """What authentication data sent with the card say: passed, failed, or nothing."""
    authentication = card_data.get("cardholderAuthentication") or {}
    response = authentication.get("authenticationResponse")
    if response in ("FULLY_AUTHENTICATED", "AUTHENTICATION_NOT_REQUIRED"):
        return True
    if response in ("AUTHENTICATION_ERROR", "NOT_ENROLLED", "ENROLLMENT_ERROR"):
        return False
    return None


async def choose_connector(ctx: DomainContext, transaction: Transaction, card: Card,
                           method_configuration_id: int | None) -> Applicable:
    brand = cards.brand_of(card.pan)
    brand_id = BRAND_IDS.get(brand or "")
    chosen = for_card(await applicable_connectors(ctx, transaction), brand_id, method_configuration_id) \
        if brand_id is not None else None
    if chosen is None:
        raise UnprocessableEntity(
            f"No payment connector configuration of this space accepts {brand or 'this card'} in {transaction.currency}"
            + (f" with payment method configuration {method_configuration_id}" if method_configuration_id else ""),
            code="no_applicable_connector", errors={"paymentMethodConfiguration": "no applicable connector"})
    return chosen


async def _applicable(ctx: DomainContext, transaction: Transaction, configuration_id: int | None) -> Applicable | None:
    """The connector configuration a payment started with, if it still applies to the transaction."""
    for candidate in await applicable_connectors(ctx, transaction):
        if candidate.configuration.id == configuration_id:
            return candidate
    return None


def require_processable(transaction: Transaction) -> None:
    require_state(transaction, TransactionState.PROCESSABLE, "processed")


async def start_processing(ctx: DomainContext, transaction: Transaction, chosen: Applicable, *, card: Card | None,
                           charge_type: str, token_version: TokenVersion | None = None,
                           hosted: bool = False) -> tuple[Charge, ChargeAttempt]:
    """PENDING/CONFIRMED -> PROCESSING with a charge and its attempt (both processing). On the
    hosted page a transaction that is already PROCESSING (an earlier try was declined) gets
    another charge."""
    if transaction.state == "PENDING":
        transaction.confirmed_by = ctx.caller.user_id
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "CONFIRMED")
    if transaction.state != "PROCESSING":
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "PROCESSING")
    transaction.payment_connector_configuration_id = chosen.configuration.id
    transaction.authorization_environment = "TEST"
    charge = Charge(space_id=transaction.space_id, transaction_id=transaction.id, type=charge_type, state="PENDING",
                    language=transaction.language, time_zone=transaction.time_zone)
    ctx.session.add(charge)
    enter(ctx.session, charge, lifecycles.CHARGE, "PENDING")
    attempt = ChargeAttempt(
        space_id=transaction.space_id, transaction_id=transaction.id, charge_row=charge, state="PROCESSING",
        connector_configuration_id=chosen.configuration.id, environment="TEST", language=transaction.language,
        time_zone=transaction.time_zone, customers_presence=transaction.customers_presence,
        completion_behavior=transaction.completion_behavior,
        payment_method_brand_id=chosen.connector.payment_method_brand_id,
        masked_card=card.masked if card is not None else (token_version.name if token_version else None),
        token_version_id=token_version.id if token_version is not None else None, hosted=hosted,
        timeout_on=utcnow() + timedelta(minutes=30))
    ctx.session.add(attempt)
    enter(ctx.session, attempt, lifecycles.CHARGE_ATTEMPT, "PROCESSING")
    return charge, attempt


async def process_card(ctx: DomainContext, transaction: Transaction, body: dict, *, interactive_3ds: bool) -> Outcome:
    """``process-card-details`` (authentication data may come with the card) and, with
    ``interactive_3ds``, ``process-card-details-threed`` (a challenge page when needed)."""
    require_processable(transaction)
    card_data = body.get("cardData") or {}
    card = read_card(card_data)
    chosen = await choose_connector(ctx, transaction, card, body.get("paymentMethodConfiguration"))
    charge, attempt = await start_processing(ctx, transaction, chosen, card=card, charge_type="SYNCHRONOUS")
    processor = await processor_for(ctx, chosen.configuration.id)
    answer = await processor.authorize(AuthorizationRequest(
        payment_of(transaction, chosen.connector), card=card.details(),
        three_d_secure_passed=three_d_secure_result(card_data), challenge_possible=interactive_3ds,
        store_payment_information=wants_token(transaction)))
    if answer.status is AuthorizationStatus.CHALLENGE and interactive_3ds:
        return await _await_challenge(ctx, transaction, charge, attempt, answer)
    if answer.status is AuthorizationStatus.CHALLENGE:
        # This operation cannot show a challenge: without passed authentication the card fails.
        await fail(ctx, transaction, charge, attempt, "THREE_D_SECURE_FAILED")
        return Outcome(attempt, charge)
    await settle(ctx, transaction, charge, attempt, answer, connector=chosen)
    return Outcome(attempt, charge)


async def _await_challenge(ctx: DomainContext, transaction: Transaction, charge: Charge, attempt: ChargeAttempt,
                           answer: Authorization) -> Outcome:
    """The buyer must act first (3-D Secure, or confirming in an app): the attempt waits with the
    processor's reference, and the challenge page gives the answer to ``finish_challenge``."""
    attempt.processor_token = answer.reference
    attempt.redirection_url = await challenge_url(ctx, attempt, transaction)
    return Outcome(attempt, charge, challenge_url=attempt.redirection_url)


def _challenge_closed(attempt: ChargeAttempt) -> UnprocessableEntity:
    return UnprocessableEntity("This 3-D Secure challenge is no longer open", code="challenge_closed",
                               errors={"chargeAttempt": str(attempt.id)})


async def finish_challenge(ctx: DomainContext, attempt: ChargeAttempt, passed: bool) -> Transaction:
    """The buyer's answer to a 3-D Secure challenge decides the waiting attempt."""
    transaction = await lock_transaction(ctx.session, attempt.transaction_id)
    charge = await ctx.session.get(Charge, attempt.charge_id)
    if attempt.state != "PROCESSING" or transaction.state != "PROCESSING":
        raise _challenge_closed(attempt)
    connector = await _applicable(ctx, transaction, attempt.connector_configuration_id)
    processor = await processor_for(ctx, attempt.connector_configuration_id)
    request = AuthorizationRequest(
        payment_of(transaction, connector.connector if connector is not None else None), challenge_possible=True,
        store_payment_information=wants_token(transaction) and connector is not None
        and connector.connector.payment_method_id in TOKENIZABLE_METHODS)
    try:
        answer = await processor.settle_authorization(SettlementRequest(
            request, reference=attempt.processor_token, challenge_passed=passed))
    except UnknownReference:
        raise _challenge_closed(attempt) from None
    await settle(ctx, transaction, charge, attempt, answer, connector=connector if answer.approved else None)
    return transaction


def _failure_of(answer: Authorization, default: str) -> str:
    """The answer's failure reason, when it names one Paystead knows."""
    return answer.failure if answer.failure in FAILURE_REASONS else default


async def settle(ctx: DomainContext, transaction: Transaction, charge: Charge, attempt: ChargeAttempt,
                 answer: Authorization, *, connector: Applicable | None = None) -> None:
    """Applies a processor's final answer to the attempt: approved, it authorizes the transaction
    (and makes the token the processor stored); declined, the attempt fails (on the hosted page)
    or the transaction with it. PENDING is the asynchronous variants' answer only."""
    if answer.status is AuthorizationStatus.PENDING:
        raise ProcessorError("the processor answered a synchronous authorization PENDING")
    if not answer.approved:
        # A challenge where none can be shown is a failed authentication.
        default = "THREE_D_SECURE_FAILED" if answer.status is AuthorizationStatus.CHALLENGE else "DECLINED"
        if attempt.hosted:
            await fail_attempt(ctx, charge, attempt, _failure_of(answer, default))
        else:
            await fail(ctx, transaction, charge, attempt, _failure_of(answer, default))
        return
    transition(ctx.session, attempt, lifecycles.CHARGE_ATTEMPT, "SUCCESSFUL")
    transition(ctx.session, charge, lifecycles.CHARGE, "SUCCESSFUL")
    transaction.delivery_review_required = answer.review_required
    if answer.stored is not None and connector is not None:
        await _tokenize(ctx, transaction, attempt, answer.stored, connector)
    await authorize(ctx, transaction)


async def authorize(ctx: DomainContext, transaction: Transaction) -> None:
    transition(ctx.session, transaction, lifecycles.TRANSACTION, "AUTHORIZED")
    await record_authorized_items(ctx, transaction)
    # Not completed by then, it is voided (jobs.py).
    transaction.completion_timeout_on = ctx.clock.now() + timedelta(
        seconds=ctx.settings.payments.completion_timeout_seconds)
    await close_group(ctx, transaction, "SUCCESSFUL")
    await close_charge_flow(ctx, transaction, "SUCCESSFUL")
    if transaction.completion_behavior in ("COMPLETE_IMMEDIATELY", "USE_CONFIGURATION"):
        # USE_CONFIGURATION: the space's setting, which is "immediately" unless changed.
        await complete_transaction(ctx, transaction, mode="DIRECT")


async def fail_attempt(ctx: DomainContext, charge: Charge, attempt: ChargeAttempt, failure: str) -> None:
    """The attempt and its charge fail; the transaction is left as it is."""
    reason = FAILURE_REASONS[failure]
    for row in (attempt, charge):
        row.failure_reason_id = reason.id
        row.user_failure_message = reason.description
    transition(ctx.session, attempt, lifecycles.CHARGE_ATTEMPT, "FAILED")
    transition(ctx.session, charge, lifecycles.CHARGE, "FAILED")


async def fail(ctx: DomainContext, transaction: Transaction, charge: Charge, attempt: ChargeAttempt,
               failure: str) -> None:
    await fail_attempt(ctx, charge, attempt, failure)
    await _fail_transaction(ctx, transaction, failure)


async def _fail_transaction(ctx: DomainContext, transaction: Transaction, failure: str) -> None:
    reason = FAILURE_REASONS[failure]
    transaction.failure_reason_id = reason.id
    transaction.user_failure_message = reason.description
    transition(ctx.session, transaction, lifecycles.TRANSACTION, "FAILED", detail=failure)
    await close_group(ctx, transaction, "FAILED")
    await close_charge_flow(ctx, transaction, "FAILED")


async def fail_unauthorized(ctx: DomainContext, transaction: Transaction, failure: str) -> None:
    """A transaction not yet authorized fails, with its open charge attempt if it has one."""
    open_attempt = await ctx.session.scalar(select(ChargeAttempt).where(
        ChargeAttempt.transaction_id == transaction.id, ChargeAttempt.state == "PROCESSING"))
    if open_attempt is not None:
        charge = await ctx.session.get(Charge, open_attempt.charge_id)
        await fail(ctx, transaction, charge, open_attempt, failure)
    else:
        await _fail_transaction(ctx, transaction, failure)


async def close_group(ctx: DomainContext, transaction: Transaction, state: str) -> None:
    """A transaction's group succeeds with its first authorization, and fails with it otherwise."""
    with ctx.session.no_autoflush:  # the group's row does not depend on what is pending
        group = await ctx.session.get(TransactionGroup, transaction.group_id)
    if group is not None and group.state == "PENDING":
        transition(ctx.session, group, lifecycles.TRANSACTION_GROUP, state)


async def close_charge_flow(ctx: DomainContext, transaction: Transaction, state: str) -> None:
    """However a transaction in a charge flow is decided (by a level, the buyer on the link's
    page, a time-out, a cancel), its open level ends with it."""
    open_levels = (await ctx.session.scalars(select(ChargeFlowLevel).where(
        ChargeFlowLevel.space_id == transaction.space_id, ChargeFlowLevel.transaction_id == transaction.id,
        ChargeFlowLevel.state == "PENDING"))).all()
    for level in open_levels:
        transition(ctx.session, level, lifecycles.CHARGE_FLOW_LEVEL, state)


# --- the hosted payment page ------------------------------------------------------------------

async def process_on_page(ctx: DomainContext, transaction: Transaction, chosen: Applicable,
                          card: Card | None) -> Outcome:
    """A buyer's try on Paystead's payment page, with a card (``card``) or a method that needs
    none. Unlike the API's processing, a decline fails only this try: the transaction stays
    PROCESSING, so the buyer can try again until it is paid or its authorization times out.
    A challenge the buyer left open is given up first."""
    require_state(transaction, TransactionState.AWAITING_AUTHORIZATION, "paid")
    open_attempts = (await ctx.session.scalars(select(ChargeAttempt).where(
        ChargeAttempt.transaction_id == transaction.id, ChargeAttempt.state == "PROCESSING"))).all()
    for abandoned in open_attempts:
        charge = await ctx.session.get(Charge, abandoned.charge_id)
        await fail_attempt(ctx, charge, abandoned,
                           "THREE_D_SECURE_FAILED" if abandoned.processor_token else "DECLINED")
    charge, attempt = await start_processing(ctx, transaction, chosen, card=card, hosted=True,
                                             charge_type="SYNCHRONOUS" if card else "ASYNCHRONOUS")
    processor = await processor_for(ctx, chosen.configuration.id)
    # Without a card: an invoice needs nothing more; a wallet's buyer confirms in its app (a challenge).
    answer = await processor.authorize(AuthorizationRequest(
        payment_of(transaction, chosen.connector), card=card.details() if card is not None else None,
        challenge_possible=True, store_payment_information=card is not None and wants_token(transaction)))
    if answer.status is AuthorizationStatus.CHALLENGE:
        return await _await_challenge(ctx, transaction, charge, attempt, answer)
    await settle(ctx, transaction, charge, attempt, answer, connector=chosen if card is not None else None)
    return Outcome(attempt, charge)


async def cancel_on_page(ctx: DomainContext, transaction: Transaction) -> None:
    """The buyer gives up on the payment page: an open try fails, and so does the transaction."""
    if transaction.state in TransactionState.AWAITING_AUTHORIZATION:
        await fail_unauthorized(ctx, transaction, "CANCELLED_BY_BUYER")


# --- tokens ---------------------------------------------------------------------------------

_CREATING_MODES = ("FORCE_CREATION", "FORCE_CREATION_WITH_ONE_CLICK_PAYMENT")


# Methods whose payment information a processor can store for later charges (a card).
TOKENIZABLE_METHODS = (catalog.CARD,)


def wants_token(transaction: Transaction) -> bool:
    """Whether the transaction's tokenization mode asks for the payment information to be kept."""
    mode = transaction.tokenization_mode
    return mode in _CREATING_MODES or (mode == "ALLOW_ONE_CLICK_PAYMENT" and bool(transaction.customer_id)) \
        or (mode == "FORCE_UPDATE" and transaction.token_id is not None)


async def _tokenize(ctx: DomainContext, transaction: Transaction, attempt: ChargeAttempt,
                    stored: StoredPaymentInformation, connector: Applicable) -> None:
    """The token (a new one, or the transaction's, updated) for what the processor stored."""
    mode = transaction.tokenization_mode
    one_click = mode in ("FORCE_CREATION_WITH_ONE_CLICK_PAYMENT", "ALLOW_ONE_CLICK_PAYMENT")
    token = await ctx.session.get(Token, transaction.token_id) if mode == "FORCE_UPDATE" else None
    if token is None:
        token = Token(space_id=transaction.space_id, external_id=f"transaction-{transaction.id}",
                      customer_id=transaction.customer_id, customer_email_address=transaction.customer_email_address,
                      enabled_for_one_click_payment=one_click, language=transaction.language,
                      time_zone=transaction.time_zone, state="ACTIVE")
        ctx.session.add(token)
        await ctx.session.flush()
        enter(ctx.session, token, lifecycles.TOKEN, "ACTIVE")
    current = (await ctx.session.scalars(select(TokenVersion).where(
        TokenVersion.token_id == token.id, TokenVersion.state == "ACTIVE"))).all()
    for version in current:
        transition(ctx.session, version, lifecycles.TOKEN_VERSION, "OBSOLETE")
    version = TokenVersion(
        space_id=transaction.space_id, token_id=token.id, state="UNINITIALIZED", name=stored.display_name,
        payment_method_id=connector.connector.payment_method_id,
        payment_method_brand_id=connector.connector.payment_method_brand_id,
        connector_configuration_id=connector.configuration.id, processor_token=stored.token, environment="TEST",
        language=transaction.language, billing_address=transaction.billing_address,
        shipping_address=transaction.shipping_address,
        expires_on=_end_of_month(stored.expiry_year, stored.expiry_month))
    ctx.session.add(version)
    await ctx.session.flush()
    enter(ctx.session, version, lifecycles.TOKEN_VERSION, "UNINITIALIZED")
    transition(ctx.session, version, lifecycles.TOKEN_VERSION, "ACTIVE")
    attempt.token_version_id = version.id
    attempt.initializing_token_version = True
    transaction.token_id = token.id


def _end_of_month(year: int, month: int) -> datetime:
    first_of_next = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=timezone.utc)
    return first_of_next - timedelta(seconds=1)


# Payment methods that need nothing from the buyer to be authorized: the buyer pays later.
_NO_INTERACTION_METHODS = (catalog.INVOICE,)


async def start_without_interaction(ctx: DomainContext, transaction: Transaction) -> Outcome:
    """``process-without-interaction``: with a token, a charge of it; without, a payment by a
    method that needs no buyer input (invoice), when one applies. What cannot be done is a 422
    now; the attempt itself is left PROCESSING for the worker to decide (``decide_open_attempt``),
    as wallee answers this operation PROCESSING and finishes it in the background."""
    require_processable(transaction)
    if transaction.token_id is not None:
        charge, attempt, _ = await start_token_charge(ctx, transaction)
        request = await _attempt_request(ctx, transaction, attempt)
        if request is not None:  # else the worker finds the token gone, and the charge fails
            await _hand_over(ctx, transaction, charge, attempt, request)
        return Outcome(attempt, charge)
    chosen = next((candidate for candidate in await applicable_connectors(ctx, transaction)
                   if candidate.connector.payment_method_id in _NO_INTERACTION_METHODS), None)
    if chosen is None:
        raise UnprocessableEntity("The transaction has no token, and no payment method that needs no buyer input "
                                  "(invoice) applies to it", code="no_applicable_connector",
                                  errors={"token": "required unless invoice applies"})
    charge, attempt = await start_processing(ctx, transaction, chosen, card=None, charge_type="ASYNCHRONOUS")
    await _hand_over(ctx, transaction, charge, attempt, AuthorizationRequest(payment_of(transaction, chosen.connector)))
    return Outcome(attempt, charge)


async def _hand_over(ctx: DomainContext, transaction: Transaction, charge: Charge, attempt: ChargeAttempt,
                     request: AuthorizationRequest) -> None:
    """The asynchronous variant: the processor takes the payment now and answers PENDING (the
    caller schedules the worker); an answer it gives at once is applied at once."""
    processor = await processor_for(ctx, attempt.connector_configuration_id)
    answer = await processor.authorize_async(request)
    if answer.status is AuthorizationStatus.PENDING:
        attempt.processor_token = answer.reference
    else:
        await settle(ctx, transaction, charge, attempt, answer)


async def decide_open_attempt(ctx: DomainContext, transaction: Transaction,
                              attempt: ChargeAttempt) -> datetime | None:
    """The worker's half of ``start_without_interaction``: the processor settles the attempt.
    Returns when to ask again if it is still pending."""
    charge = await ctx.session.get(Charge, attempt.charge_id)
    request = await _attempt_request(ctx, transaction, attempt)
    if request is None:
        answer = _TOKEN_GONE
    else:
        processor = await processor_for(ctx, attempt.connector_configuration_id)
        answer = await processor.settle_authorization(SettlementRequest(request, reference=attempt.processor_token))
    if answer.status is AuthorizationStatus.PENDING:
        # Asked again after the processing delay (deferred.processing_due, not imported: the
        # worker's module imports this one).
        return ctx.clock.now() + timedelta(seconds=ctx.settings.processing.delay_seconds)
    await settle(ctx, transaction, charge, attempt, answer)
    return None


async def process_with_token(ctx: DomainContext, transaction: Transaction) -> Outcome:
    """Charges the transaction's token without the buyer, at once."""
    require_processable(transaction)
    charge, attempt, _ = await start_token_charge(ctx, transaction)
    answer = await token_charge_answer(ctx, transaction, attempt)
    await settle(ctx, transaction, charge, attempt, answer)
    return Outcome(attempt, charge)


async def chargeable_token(ctx: DomainContext, transaction: Transaction,
                           token_id: int) -> tuple[TokenVersion, Applicable] | None:
    """The active version of a token and the connector that can charge it for this transaction."""
    version = await ctx.session.scalar(select(TokenVersion).where(
        TokenVersion.token_id == token_id, TokenVersion.state == "ACTIVE"))
    token = await ctx.session.get(Token, token_id)
    if version is None or token is None or token.state != "ACTIVE" or token.space_id != transaction.space_id:
        return None
    chosen = await _applicable(ctx, transaction, version.connector_configuration_id)
    if chosen is None or version.processor_token is None:
        return None
    if not await (await processor_for(ctx, chosen.configuration.id)).token_chargeable(version.processor_token):
        return None
    return version, chosen


async def start_token_charge(ctx: DomainContext, transaction: Transaction,
                             token_id: int | None = None) -> tuple[Charge, ChargeAttempt, TokenVersion]:
    """A charge of the token (the transaction's own unless named) started, not yet decided."""
    token_id = token_id if token_id is not None else transaction.token_id
    if token_id is None:
        raise UnprocessableEntity("The transaction has no token to charge", code="token_required",
                                  errors={"token": "required"})
    version = await ctx.session.scalar(select(TokenVersion).where(
        TokenVersion.token_id == token_id, TokenVersion.state == "ACTIVE"))
    token = await ctx.session.get(Token, token_id)
    if version is None or token is None or token.state != "ACTIVE":
        raise UnprocessableEntity("The transaction's token has no active version to charge", code="token_not_chargeable",
                                  errors={"token": "no active token version"})
    found = await chargeable_token(ctx, transaction, token_id)
    if found is None:
        raise UnprocessableEntity("No payment connector configuration of this space can charge the token",
                                  code="no_applicable_connector", errors={"token": "no applicable connector"})
    _, chosen = found
    charge, attempt = await start_processing(ctx, transaction, chosen, card=None, charge_type="TOKEN",
                                             token_version=version)
    return charge, attempt, version


# A token charge whose token version is gone by the time it is decided.
_TOKEN_GONE = Authorization(AuthorizationStatus.DECLINED, failure="TOKEN_CHARGE_FAILED")


async def _attempt_request(ctx: DomainContext, transaction: Transaction,
                           attempt: ChargeAttempt) -> AuthorizationRequest | None:
    """What an attempt started without the buyer asks its processor: a charge of its token, or a
    payment that needs nothing (an invoice). None when its token version is gone."""
    connector = await ctx.session.scalar(select(PaymentConnector).join(
        PaymentConnectorConfiguration, PaymentConnectorConfiguration.connector_id == PaymentConnector.id)
        .where(PaymentConnectorConfiguration.id == attempt.connector_configuration_id))
    payment = payment_of(transaction, connector)
    if attempt.token_version_id is None:
        return AuthorizationRequest(payment)
    version = await ctx.session.get(TokenVersion, attempt.token_version_id)
    if version is None or version.processor_token is None:
        return None
    return AuthorizationRequest(payment, token=version.processor_token)


async def token_charge_answer(ctx: DomainContext, transaction: Transaction, attempt: ChargeAttempt) -> Authorization:
    """The processor's answer, at once, to a charge of the attempt's token."""
    request = await _attempt_request(ctx, transaction, attempt)
    if request is None:
        return _TOKEN_GONE
    return await (await processor_for(ctx, attempt.connector_configuration_id)).authorize(request)


async def challenge_url(ctx: DomainContext, attempt: ChargeAttempt, transaction: Transaction) -> str:
    if attempt.id is None:
        await ctx.session.flush()  # the URL names the attempt
    return ctx.urls.to(f"/payment/3ds/{transaction.space_id}/{attempt.id}?securityToken={transaction.security_token}")
