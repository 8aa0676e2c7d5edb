"""/payment/tokens and /payment/token-versions. A token is created by the merchant (with its
externalId, idempotently) or by a payment that tokenizes; its versions hold what may be kept of
the card (brand, BIN and last four digits) and point at the processor's vault."""

from __future__ import annotations

from sqlalchemy import select

from paystead.db.models import Token, TokenVersion
from paystead.domains.transactions.wire import address
from paystead.errors import NotFound
from paystead.payments import lifecycles
from paystead.payments.states import enter
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed, Link
from paystead.resources.idempotency import Idempotency
from paystead.resources.registry import Resource, ResourceService, registry
from paystead.resources.scopes import SpaceScope

_TOKEN_FIELDS = {
    "tokenReference": "token_reference",
    "customerId": "customer_id",
    "customerEmailAddress": "customer_email_address",
    "enabledForOneClickPayment": "enabled_for_one_click_payment",
    "language": "language",
    "timeZone": "time_zone",
}


class TokenService(ResourceService):
    async def create(self, ctx: RequestContext, data: dict) -> Token:
        token = Token(space_id=ctx.space.id, external_id=data["externalId"], state=data.get("state") or "ACTIVE",
                      enabled_for_one_click_payment=False)
        await self.update(ctx, token, data)
        ctx.session.add(token)
        return token

    async def after_create(self, ctx: RequestContext, row: Token) -> None:
        enter(ctx.session, row, lifecycles.TOKEN, row.state)

    async def update(self, ctx: RequestContext, row: Token, data: dict) -> None:
        for wire, column in _TOKEN_FIELDS.items():
            if wire in data and data[wire] is not None:
                setattr(row, column, data[wire])

    async def delete(self, ctx: RequestContext, row: Token) -> None:
        await super().delete(ctx, row)
        versions = (await ctx.session.scalars(select(TokenVersion).where(
            TokenVersion.token_id == row.id, TokenVersion.state == "ACTIVE"))).all()
        for version in versions:
            version.state = "OBSOLETE"


tokens = registry.add(Resource(
    name="Token",
    model=Token,
    sdk_name="payment_tokens",
    permission="TOKEN",
    scope=SpaceScope(Token.space_id),
    soft_delete=True,
    service=TokenService(),
    idempotency=Idempotency(field="externalId", column=Token.external_id, hash_attribute=Token.create_body_hash),
    fields={
        "id": Column(Token.id),
        "linkedSpaceId": Column(Token.space_id),
        "externalId": Column(Token.external_id),
        "tokenReference": Column(Token.token_reference),
        "customerId": Column(Token.customer_id),
        "customerEmailAddress": Column(Token.customer_email_address),
        "enabledForOneClickPayment": Column(Token.enabled_for_one_click_payment),
        "language": Column(Token.language),
        "timeZone": Column(Token.time_zone),
        "state": Column(Token.state),
        "createdOn": Column(Token.created_on),
        "plannedPurgeDate": Column(Token.planned_purge_date),
        "version": Column(Token.version),
    },
))

token_versions = registry.add(Resource(
    name="TokenVersion",
    model=TokenVersion,
    sdk_name="payment_token_versions",
    permission="TOKEN",
    scope=SpaceScope(TokenVersion.space_id),
    operations=("list", "search", "read"),
    fields={
        "id": Column(TokenVersion.id),
        "linkedSpaceId": Column(TokenVersion.space_id),
        "token": Link(TokenVersion.token_id, "Token"),
        "state": Column(TokenVersion.state),
        "name": Column(TokenVersion.name),
        "paymentMethod": Link(TokenVersion.payment_method_id, "PaymentMethod"),
        "paymentMethodBrand": Link(TokenVersion.payment_method_brand_id, "PaymentMethodBrand"),
        "paymentConnectorConfiguration": Link(TokenVersion.connector_configuration_id, "PaymentConnectorConfiguration"),
        "processorToken": Column(TokenVersion.processor_token),
        "environment": Column(TokenVersion.environment),
        "language": Column(TokenVersion.language),
        "billingAddress": Computed(lambda row, ctx: address(row.billing_address)),
        "shippingAddress": Computed(lambda row, ctx: address(row.shipping_address)),
        "expiresOn": Column(TokenVersion.expires_on),
        "createdOn": Column(TokenVersion.created_on),
        "activatedOn": Column(TokenVersion.activated_on),
        "obsoletedOn": Column(TokenVersion.obsoleted_on),
        "retryStrategy": Column(TokenVersion.state, format=lambda value, row: "NO_RETRY"),
        "version": Column(TokenVersion.version),
    },
))


@tokens.action("get_payment_tokens_id_active_version")
async def active_version(ctx: RequestContext) -> dict:
    token = await tokens.get_for(ctx, ctx.param("id"), "read")
    version = await ctx.session.scalar(select(TokenVersion).where(
        TokenVersion.token_id == token.id, TokenVersion.state == "ACTIVE"))
    if version is None:
        raise NotFound(f"Token {token.id} has no active version", code="no_active_version",
                       errors={"id": str(token.id)})
    return await token_versions.render_one(ctx, version)
