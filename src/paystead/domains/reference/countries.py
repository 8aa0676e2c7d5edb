"""/countries: ISO 3166-1 countries and their ISO 3166-2 subdivisions (states), from pycountry."""

from __future__ import annotations

from sqlalchemy import select

from paystead.db.models import Country, CountryState
from paystead.domains.reference.address_formats import address_format
from paystead.domains.reference.common import list_all, read_by_code, reference_resource
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed
from paystead.resources.scopes import not_found

countries = reference_resource(
    name="RestCountry",
    model=Country,
    sdk_name="countries",
    operations=("search",),
    overrides={
        "isoCode2": Column(Country.id),
        "addressFormat": Computed(lambda row, ctx: address_format(row.id)),
    },
)

# States have no operations of the uniform set; the resource gives them rendering and search fields.
states = reference_resource(
    name="RestCountryState",
    model=CountryState,
    sdk_name="countries_states",
    operations=(),
)


@countries.action("get_countries")
async def list_countries(ctx: RequestContext) -> dict:
    return await list_all(countries, ctx)


@countries.action("get_countries_code")
async def read_country(ctx: RequestContext) -> dict:
    return await read_by_code(countries, ctx, ctx.param("code").upper())


@states.action("get_countries_states")
async def list_all_states(ctx: RequestContext) -> list[dict]:
    rows = (await ctx.session.scalars(select(CountryState).order_by(CountryState.id))).all()
    return await states.render(ctx, list(rows))


@states.action("get_countries_states_id")
async def read_state(ctx: RequestContext) -> dict:
    return await read_by_code(states, ctx, ctx.param("id").upper())


@states.action("get_countries_country_code_states")
async def list_states_of_country(ctx: RequestContext) -> list[dict]:
    country_code = ctx.param("countryCode").upper()
    if await ctx.session.get(Country, country_code) is None:
        raise not_found(countries.name, country_code)
    rows = (await ctx.session.scalars(
        select(CountryState).where(CountryState.country_code == country_code).order_by(CountryState.id))).all()
    return await states.render(ctx, list(rows))
