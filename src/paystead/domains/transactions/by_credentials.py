"""The operations a buyer's app calls with transaction credentials instead of a JWT, and the
operation that issues them. Credentials reach exactly one transaction."""

from __future__ import annotations

from sqlalchemy import select

from paystead.auth.credentials import issue
from paystead.db.models import Token, TokenVersion, Transaction
from paystead.domains.transactions.actions import payment_method_configurations_of
from paystead.domains.transactions.processing import process_with_token
from paystead.domains.transactions.resource import transactions
from paystead.domains.transactions.urls import buyer_url
from paystead.domains.tokens.resource import token_versions
from paystead.errors import NotFound, UnprocessableEntity
from paystead.resources.context import RequestContext
from paystead.resources.paging import whole
from paystead.resources.render import parse_expand, render_rows


@transactions.action("get_payment_transactions_id_credentials")
async def credentials(ctx: RequestContext) -> str:
    row = await transactions.get_for(ctx, ctx.param("id"), "read")
    return issue(ctx.state.credential_signer, row.space_id, row.id)


async def _transaction(ctx: RequestContext, *, lock: bool = False) -> Transaction:
    statement = select(Transaction).where(Transaction.id == ctx.credential_transaction_id,
                                          Transaction.space_id == ctx.space.id)
    row = await ctx.session.scalar(statement.with_for_update() if lock else statement)
    if row is None:
        raise NotFound("The transaction of these credentials does not exist", code="not_found",
                       errors={"credentials": "no such transaction"})
    return row


@transactions.action("get_payment_transactions_by_credentials_credentials")
async def read(ctx: RequestContext) -> dict:
    return await transactions.render_one(ctx, await _transaction(ctx))


@transactions.action("get_payment_transactions_by_credentials_credentials_mobile_sdk_url")
async def mobile_sdk_url(ctx: RequestContext) -> str:
    return buyer_url(ctx, await _transaction(ctx), "mobile-sdk")


@transactions.action("get_payment_transactions_by_credentials_credentials_payment_method_configurations")
async def payment_method_configurations(ctx: RequestContext) -> dict:
    return await payment_method_configurations_of(ctx, await _transaction(ctx))


async def _one_click_versions(ctx: RequestContext, transaction: Transaction) -> list[TokenVersion]:
    """The active token versions of the buyer's tokens that allow one-click payments."""
    if not transaction.customer_id:
        return []
    return list((await ctx.session.scalars(
        select(TokenVersion).join(Token, Token.id == TokenVersion.token_id)
        .where(Token.space_id == transaction.space_id, Token.customer_id == transaction.customer_id,
               Token.state == "ACTIVE", Token.enabled_for_one_click_payment.is_(True),
               TokenVersion.state == "ACTIVE")
        .order_by(TokenVersion.id))).all())


async def _unchecked_render(ctx: RequestContext, rows: list) -> list[dict]:
    # The buyer holds no permissions: these rows were selected for this transaction's customer.
    return await render_rows(token_versions, rows, parse_expand(ctx.param("expand")), ctx)


@transactions.action("get_payment_transactions_by_credentials_credentials_one_click_tokens")
async def one_click_tokens(ctx: RequestContext) -> dict:
    versions = await _one_click_versions(ctx, await _transaction(ctx))
    return whole(await _unchecked_render(ctx, versions))


async def _one_click_version(ctx: RequestContext, transaction: Transaction) -> TokenVersion:
    wanted = ctx.param("id")
    for version in await _one_click_versions(ctx, transaction):
        if version.id == wanted:
            return version
    raise NotFound(f"No one-click token version {wanted} for this buyer", code="not_found",
                   errors={"id": str(wanted)})


@transactions.action("delete_payment_transactions_by_credentials_credentials_one_click_tokens_id")
async def forget_one_click_token(ctx: RequestContext) -> None:
    version = await _one_click_version(ctx, await _transaction(ctx))
    token = await ctx.session.get(Token, version.token_id)
    token.enabled_for_one_click_payment = False


@transactions.action("post_payment_transactions_by_credentials_credentials_one_click_tokens_id_process")
async def process_one_click(ctx: RequestContext) -> str:
    transaction = await _transaction(ctx, lock=True)
    version = await _one_click_version(ctx, transaction)
    if transaction.token_id not in (None, version.token_id):
        raise UnprocessableEntity("The transaction is bound to another token", code="token_mismatch",
                                  errors={"id": str(version.id)})
    transaction.token_id = version.token_id
    await process_with_token(ctx, transaction)
    return buyer_url(ctx, transaction, "result")
