"""The built-in simulator behind the processor port: the test cards decide (paystead.simulator),
and cards it must remember (a challenge under way, a token) go into its vault, encrypted in
Paystead's own database (``simulator_cards``). It moves no money and answers everything at once:
completions, voids and refunds always succeed, and a payment without the buyer is decided when
the worker settles it."""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from paystead import simulator
from paystead.db.base import utcnow
from paystead.db.models import SimulatorCard
from paystead.domains.reference import catalog
from paystead.payments.processors.base import (
    Authorization,
    AuthorizationRequest,
    AuthorizationStatus,
    CardDetails,
    CompletionRequest,
    OperationResult,
    OperationStatus,
    PaymentProcessor,
    RefundRequest,
    SettlementRequest,
    StoredPaymentInformation,
    UnknownReference,
    VoidRequest,
)
from paystead.security.derived_keys import CardVault

APPROVED = Authorization(AuthorizationStatus.APPROVED)


def _declined(failure: str | None) -> Authorization:
    return Authorization(AuthorizationStatus.DECLINED, failure=failure or "DECLINED")


class SimulatorProcessor(PaymentProcessor):
    def __init__(self, session: AsyncSession, card_vault: CardVault) -> None:
        self._session = session
        self._card_vault = card_vault

    async def authorize(self, request: AuthorizationRequest) -> Authorization:
        if request.token is not None:
            return await self._charge_token(request.token)
        card = request.card
        if card is None:
            # Invoices need nothing from the buyer; a wallet waits for the buyer's (simulated) app.
            if request.payment.payment_method_id == catalog.INVOICE:
                return APPROVED
            return Authorization(AuthorizationStatus.CHALLENGE)
        decision = simulator.decide(card.number, (card.expiry_year, card.expiry_month), card.cvc, utcnow().date(),
                                    three_d_secure_passed=request.three_d_secure_passed)
        if decision.needs_challenge:
            reference = await self._vault(request.payment.space_id, card) if request.challenge_possible else None
            return Authorization(AuthorizationStatus.CHALLENGE, reference=reference)
        return await self._answer(decision, request, card, reference=None)

    async def settle_authorization(self, request: SettlementRequest) -> Authorization:
        if request.challenge_passed is None:  # a payment without the buyer, taken by authorize_async
            if request.authorization.token is not None:
                return await self._charge_token(request.authorization.token)
            return APPROVED
        if request.reference is None:  # the buyer's app confirmed, or refused
            return APPROVED if request.challenge_passed else _declined("DECLINED")
        card = await self._vaulted(request.reference)
        if card is None:
            raise UnknownReference("the challenge's card is no longer in the vault")
        decision = simulator.decide(card.number, (card.expiry_year, card.expiry_month), None, utcnow().date(),
                                    three_d_secure_passed=request.challenge_passed)
        return await self._answer(decision, request.authorization, card, reference=request.reference)

    async def complete(self, request: CompletionRequest) -> OperationResult:
        return _succeeded()

    async def void(self, request: VoidRequest) -> OperationResult:
        return _succeeded()

    async def refund(self, request: RefundRequest) -> OperationResult:
        return _succeeded()

    async def token_chargeable(self, token: str) -> bool:
        return await self._vaulted(token) is not None

    async def _charge_token(self, token: str) -> Authorization:
        card = await self._vaulted(token)
        if card is None:  # the card left the vault since the token was made
            return _declined("TOKEN_CHARGE_FAILED")
        decision = simulator.decide(card.number, (card.expiry_year, card.expiry_month), None, utcnow().date(),
                                    via_token=True, three_d_secure_passed=True)
        return _declined(decision.failure) if not decision.approved else Authorization(
            AuthorizationStatus.APPROVED, review_required=decision.review)

    async def _answer(self, decision: simulator.Decision, request: AuthorizationRequest, card: CardDetails,
                      reference: str | None) -> Authorization:
        if not decision.approved:
            return _declined(decision.failure)
        stored = None
        if request.store_payment_information:
            # The card already vaulted for its challenge becomes the token.
            token = reference or await self._vault(request.payment.space_id, card)
            stored = StoredPaymentInformation(token, card.masked, card.expiry_year, card.expiry_month)
        return Authorization(AuthorizationStatus.APPROVED, review_required=decision.review, stored=stored)

    async def _vault(self, space_id: int, card: CardDetails) -> str:
        reference = "sim_" + secrets.token_hex(16)
        self._session.add(SimulatorCard(processor_token=reference, space_id=space_id,
                                        pan_ciphertext=self._card_vault.encrypt(card.number, reference),
                                        expiry_year=card.expiry_year, expiry_month=card.expiry_month))
        await self._session.flush()
        return reference

    async def _vaulted(self, reference: str) -> CardDetails | None:
        stored = await self._session.get(SimulatorCard, reference)
        if stored is None:
            return None
        number = self._card_vault.decrypt(stored.pan_ciphertext, reference)
        if number is None:
            return None
        return CardDetails(number=number, expiry_year=stored.expiry_year, expiry_month=stored.expiry_month)


def _succeeded() -> OperationResult:
    return OperationResult(OperationStatus.SUCCESSFUL, reference="sim_" + secrets.token_hex(8))
