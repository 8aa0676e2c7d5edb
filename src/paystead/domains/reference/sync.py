"""Keeps the reference tables equal to their sources (the ISO libraries and Paystead's catalog),
so that list and search run in SQL. Runs at every startup; rows only change when a source did
(e.g. after upgrading pycountry or Babel), so a restart normally writes nothing."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from paystead.db import models
from paystead.domains.reference import catalog, iso_data

# (table, rows) for every reference table.
SOURCES: list[tuple[type, Callable[[], list[dict]]]] = [
    (models.Country, iso_data.country_rows),
    (models.CountryState, iso_data.country_state_rows),
    (models.Currency, iso_data.currency_rows),
    (models.Language, iso_data.language_rows),
    (models.LegalOrganizationForm, lambda: catalog.LEGAL_ORGANIZATION_FORMS),
    (models.StaticValue, lambda: catalog.STATIC_VALUES),
    (models.ConditionType, lambda: catalog.CONDITION_TYPES),
    (models.DocumentTemplateType, lambda: catalog.DOCUMENT_TEMPLATE_TYPES),
    (models.LabelDescriptorGroup, lambda: catalog.LABEL_DESCRIPTOR_GROUPS),
    (models.LabelDescriptor, lambda: catalog.LABEL_DESCRIPTORS),
    (models.PaymentMethod, lambda: catalog.PAYMENT_METHODS),
    (models.PaymentMethodBrand, lambda: catalog.PAYMENT_METHOD_BRANDS),
    (models.PaymentProcessor, lambda: catalog.PAYMENT_PROCESSORS),
    (models.PaymentConnector, lambda: catalog.PAYMENT_CONNECTORS),
    (models.SalesChannel, lambda: catalog.SALES_CHANNELS),
]


async def sync_table(session: AsyncSession, model: type, rows: list[dict]) -> None:
    table = model.__table__
    columns = [column.name for column in table.columns]
    wanted = {row["id"]: {name: row.get(name) for name in columns} for row in rows}
    existing = {row["id"]: dict(row) for row in (await session.execute(select(table))).mappings()}
    stale = [ident for ident in existing if ident not in wanted]
    if stale:
        await session.execute(delete(table).where(table.c.id.in_(stale)))
    new = [row for ident, row in wanted.items() if ident not in existing]
    if new:
        await session.execute(insert(table), new)
    for ident, row in wanted.items():
        if ident in existing and existing[ident] != row:
            await session.execute(update(table).where(table.c.id == ident).values(row))


async def sync_reference_data(session: AsyncSession) -> None:
    for model, source in SOURCES:
        await sync_table(session, model, source())
