"""/currencies: ISO 4217 currencies (pycountry) with their minor units (Babel)."""

from __future__ import annotations

from paystead.db.models import Currency
from paystead.domains.reference.common import list_all, read_by_code, reference_resource
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column

currencies = reference_resource(
    name="RestCurrency",
    model=Currency,
    sdk_name="currencies",
    operations=("search",),
    overrides={"currencyCode": Column(Currency.id)},
)


@currencies.action("get_currencies")
async def list_currencies(ctx: RequestContext) -> dict:
    return await list_all(currencies, ctx)


@currencies.action("get_currencies_code")
async def read_currency(ctx: RequestContext) -> dict:
    return await read_by_code(currencies, ctx, ctx.param("code").upper())
