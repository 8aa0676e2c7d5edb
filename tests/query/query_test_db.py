"""A small table with one column per field type, on SQLite and PostgreSQL.

Compiled query expressions are executed for real against it; tests assert
which ids come back, the same on both databases. (A plain module rather than
conftest.py so the test modules can import its names.)
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    create_engine,
    select,
    text,
)
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from paystead.db.base import UtcDateTime
from paystead.query import FieldType, MappingResolver, SearchField

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
UTC = timezone.utc

metadata = MetaData()
items = Table(
    "query_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100)),
    Column("currency", String(3)),
    Column("quantity", Integer),  # INTEGER (int4 on PostgreSQL) on purpose: see the 2**40 test
    Column("amount", Numeric(12, 4)),
    Column("active", Boolean),
    Column("due", Date),
    Column("created", DateTime(timezone=True)),
    Column("stamped", UtcDateTime),  # the server's own aware-UTC column type
    Column("naive", DateTime(timezone=False)),  # naive UTC wall time
    Column("state", String(20)),
    Column("tags", JSON),  # STRING_LIST in a JSON column
    Column("tags_text", Text),  # STRING_LIST as JSON text
)


def _row(id, name=None, currency=None, quantity=None, amount=None, active=None, due=None, created=None, state=None, tags=None):
    return {
        "id": id,
        "name": name,
        "currency": currency,
        "quantity": quantity,
        "amount": None if amount is None else Decimal(amount),
        "active": active,
        "due": due,
        # A plain DateTime(timezone=True) on SQLite keeps the wall time and drops
        # the offset, so what is stored there must be UTC (the documented
        # contract); UtcDateTime converts by itself.
        "created": None if created is None else created.astimezone(UTC),
        "stamped": created,
        "naive": None if created is None else created.astimezone(UTC).replace(tzinfo=None),
        "state": state,
        "tags": tags,
        "tags_text": None if tags is None else json.dumps(tags),
    }


ROWS = [
    _row(1, "John Peter", "EUR", 2, "10.50", True, date(2026, 1, 10), datetime(2026, 1, 15, 9, 59, 59, tzinfo=UTC), "PENDING", ["Red", "blue"]),
    _row(2, "john peter", "CHF", 5, "10.5", False, date(2026, 1, 15), datetime(2026, 1, 15, 10, 0, 0, tzinfo=UTC), "SUCCESSFUL", ["green"]),
    _row(3, "100% off_sale\\now", "EUR", 10, "-3.25", True, date(2026, 2, 1), datetime(2026, 1, 15, 10, 0, 1, tzinfo=UTC), "SUCCESSFUL", ["red", "green", "blue"]),
    _row(4),  # every field NULL
    # Stored from a +01:00 time: the database holds 2025-12-31T22:00:00Z.
    _row(5, "Zürich", "USD", 11, "1000000.0001", None, None, datetime(2025, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=1))), "FAILED", []),
    _row(6, "100 percent offXsale", None, 0, "0", False, date(2026, 1, 14), datetime(2026, 1, 14, 23, 59, 59, 999999, tzinfo=UTC), "PENDING", ["RED"]),
]
ALL_IDS = [row["id"] for row in ROWS]

STATES = ("PENDING", "SUCCESSFUL", "FAILED")

RESOLVER = MappingResolver(
    {
        "id": SearchField(items.c.id, FieldType.INTEGER),
        "name": SearchField(items.c.name, FieldType.STRING),
        "currency": SearchField(items.c.currency, FieldType.STRING),
        "quantity": SearchField(items.c.quantity, FieldType.INTEGER),
        "amount": SearchField(items.c.amount, FieldType.DECIMAL),
        "active": SearchField(items.c.active, FieldType.BOOLEAN),
        "due": SearchField(items.c.due, FieldType.DATE),
        "created": SearchField(items.c.created, FieldType.DATETIME),
        "createdOn": SearchField(items.c.created, FieldType.DATETIME),
        "stamped": SearchField(items.c.stamped, FieldType.DATETIME),
        "naive": SearchField(items.c.naive, FieldType.DATETIME),
        "state": SearchField(items.c.state, FieldType.ENUM, STATES),
        "charge.transaction.state": SearchField(items.c.state, FieldType.ENUM, STATES),
        "metaData.color": SearchField(items.c.tags, FieldType.STRING_LIST),
        "tags": SearchField(items.c.tags, FieldType.STRING_LIST),
        "tagsText": SearchField(items.c.tags_text, FieldType.STRING_LIST),
    }
)


class SqliteDatabase:
    name = "sqlite"

    def __init__(self) -> None:
        self.engine = create_engine("sqlite://")
        metadata.create_all(self.engine)
        with self.engine.begin() as connection:
            connection.execute(items.insert(), ROWS)

    def all(self, statement):
        with self.engine.connect() as connection:
            return connection.execute(statement).all()

    def close(self) -> None:
        self.engine.dispose()


class PostgresDatabase:
    """A uniquely named schema, dropped afterwards. NullPool: each asyncio.run
    gets a fresh connection on its own event loop."""

    name = "postgresql"

    def __init__(self) -> None:
        self.engine = create_async_engine(POSTGRES_URL, poolclass=NullPool)
        self.schema = f"query_test_{uuid.uuid4().hex[:12]}"
        asyncio.run(self._create())

    @staticmethod
    def ping() -> None:
        async def select_one():
            engine = create_async_engine(POSTGRES_URL, poolclass=NullPool, connect_args={"timeout": 5})
            try:
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            finally:
                await engine.dispose()

        asyncio.run(select_one())

    async def _create(self) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            await connection.execution_options(schema_translate_map={None: self.schema})
            await connection.run_sync(metadata.create_all)
            await connection.execute(items.insert(), ROWS)

    def all(self, statement):
        async def run():
            async with self.engine.connect() as connection:
                await connection.execution_options(schema_translate_map={None: self.schema})
                return (await connection.execute(statement)).all()

        return asyncio.run(run())

    def close(self) -> None:
        async def drop():
            async with self.engine.begin() as connection:
                await connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            await self.engine.dispose()

        asyncio.run(drop())


class Database:
    """What the tests need from either database."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.name = backend.name

    def ids(self, where, order_by=()) -> list[int]:
        statement = select(items.c.id)
        if where is not None:
            statement = statement.where(where)
        statement = statement.order_by(*order_by) if order_by else statement.order_by(items.c.id)
        return [row[0] for row in self.backend.all(statement)]
