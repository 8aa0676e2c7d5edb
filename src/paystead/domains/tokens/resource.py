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

class TokenService(ResourceService):
    handled = ("externalId", "state")  # set by the create; an explicit null leaves a field as it is

    async def create(self, ctx: RequestContext, data: dict) -> Token:
        token = Token(space_id=ctx.space.id, external_id=data["externalId"], state=data.get("state") or "ACTIVE",
                      enabled_for_one_click_payment=False)
        self.write(token, "TokenCreate", data, skip_none=True)
        ctx.session.add(token)
        return token

    async def after_create(self, ctx: RequestContext, row: Token) -> None:
        enter(ctx.session, row, lifecycles.TOKEN, row.state)

    async def update(self, ctx: RequestContext, row: Token, data: dict) -> None:
        self.write(row, "TokenUpdate", data, skip_none=True)

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
))

token_versions = registry.add(Resource(
    name="TokenVersion",
    model=TokenVersion,
    sdk_name="payment_token_versions",
    permission="TOKEN",
    scope=SpaceScope(TokenVersion.space_id),
    operations=("list", "search", "read"),
    overrides={
        "paymentConnectorConfiguration": Link(TokenVersion.connector_configuration_id, "PaymentConnectorConfiguration"),
        "billingAddress": Computed(lambda row, ctx: address(row.billing_address)),
        "shippingAddress": Computed(lambda row, ctx: address(row.shipping_address)),
        "retryStrategy": Column(TokenVersion.state, format=lambda value, row: "NO_RETRY"),
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
