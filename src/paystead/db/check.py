"""Whether a database URL can be used, told as a SetupError a user can act on: the URL's form
first (creates nothing), then one connection (on SQLite this creates the file, as migrations would)."""

from __future__ import annotations

import asyncio
import socket

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from paystead.setup_errors import DATABASE_URL_FORMS, DATABASE_URL_SOURCE, SetupError, masked_url

SUPPORTED_BACKENDS = ("sqlite", "postgresql", "postgres")
CONNECT_TIMEOUT_SECONDS = 10


def parse_database_url(plain_url: str) -> URL:
    """The URL parsed and of a supported database, or a SetupError saying how to write one."""
    shown = masked_url(plain_url)
    try:
        url = make_url(plain_url)
    except (ArgumentError, ValueError) as error:
        port = plain_url.partition("://")[2].rpartition("@")[2].partition("/")[0].rpartition(":")[2]
        if "://" in plain_url and "invalid literal for int" in str(error):
            raise SetupError(f"the database URL {shown!r} has no valid port ({port!r})",
                             f"give a number such as :5432 ({DATABASE_URL_SOURCE})") from error
        raise SetupError(f"the database URL {shown!r} cannot be read",
                         f"write it as {DATABASE_URL_FORMS} ({DATABASE_URL_SOURCE})") from error
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise SetupError(f"unsupported database {shown!r}", f"use {DATABASE_URL_FORMS} ({DATABASE_URL_SOURCE})")
    if url.port is not None and not 0 < url.port < 65536:
        raise SetupError(f"the database URL {shown!r} has no valid port ({url.port})",
                         f"give a number from 1 to 65535 such as :5432 ({DATABASE_URL_SOURCE})")
    if url.get_backend_name() == "sqlite" and not url.database:
        raise SetupError(f"the database URL {shown!r} names no file",
                         f"write it as sqlite:///path/to/paystead.db ({DATABASE_URL_SOURCE})")
    return url


def check_database(plain_url: str) -> None:
    """Opens one connection; what stands in the way (nothing listening, an unknown user or
    database, a refused password, an unwritable file) becomes a SetupError."""
    from paystead.db.engine import create_engine

    url = parse_database_url(plain_url)

    async def connect() -> None:
        engine = create_engine(plain_url, pool_size=1, connect_timeout=CONNECT_TIMEOUT_SECONDS)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        finally:
            await engine.dispose()

    try:
        asyncio.run(connect())
    except (TimeoutError, DBAPIError, OSError) as error:
        raise connection_error(url, error) from error


def connection_error(url: URL, error: BaseException) -> SetupError:
    """A failed connection to ``url`` as what went wrong and what to change."""
    shown = url.render_as_string(hide_password=True)
    in_url = f"in the URL ({DATABASE_URL_SOURCE})"
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0] if str(error).strip() else ""
    if url.get_backend_name() == "sqlite":
        return SetupError(f"cannot open the SQLite database {url.database!r}: {reason}",
                          "make sure its directory is writable, or choose another file with --data-dir or "
                          f"{DATABASE_URL_SOURCE}")
    if isinstance(error, ConnectionRefusedError) or "connection refused" in reason.lower():
        return SetupError(f"nothing accepts connections at {where} (database URL {shown})",
                          f"start PostgreSQL there, or correct the host and port {in_url}")
    if isinstance(error, socket.gaierror):
        return SetupError(f"the database host {url.host!r} is not known (database URL {shown})",
                          f"correct the host name {in_url}")
    if isinstance(error, (asyncio.TimeoutError, TimeoutError)):
        return SetupError(f"the database at {where} did not answer within {CONNECT_TIMEOUT_SECONDS} s "
                          f"(database URL {shown})",
                          f"check that PostgreSQL runs there, or correct the host and port {in_url}")
    lowered = reason.lower()
    if "password authentication failed" in lowered or "password" in lowered and "required" in lowered:
        return SetupError(f"PostgreSQL refused the password of user {url.username!r} (database URL {shown})",
                          f"correct the password {in_url}")
    if lowered.startswith("role ") and "does not exist" in lowered:
        return SetupError(f"PostgreSQL has no user {url.username!r} (database URL {shown})",
                          f"correct the user {in_url}, or create it: createuser {url.username}")
    if lowered.startswith("database ") and "does not exist" in lowered:
        return SetupError(f"PostgreSQL has no database {url.database!r} (database URL {shown})",
                          f"create it (createdb {url.database}), or correct the database name {in_url}")
    return SetupError(f"cannot connect to the database {shown}: {reason or type(error).__name__}",
                      f"check that it runs and that the URL is right ({DATABASE_URL_SOURCE})")
