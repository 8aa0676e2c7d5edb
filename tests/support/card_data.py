"""Looks for card numbers where none may be: a server's database and its log."""

from __future__ import annotations

import subprocess

from paystead.simulator import TEST_CARDS


def database_bytes(server) -> bytes:
    """Every byte the server's database holds (the SQLite files with their WAL, or a PostgreSQL dump)."""
    return stored_bytes(server.backend, server.data_dir, server.database_url)


def stored_bytes(backend: str, data_dir, database_url: str) -> bytes:
    if backend == "sqlite":
        return b"".join(path.read_bytes() for path in data_dir.glob("paystead.db*"))
    return subprocess.run(["pg_dump", "--data-only", database_url], capture_output=True, check=True).stdout


def card_numbers_found(server) -> list[str]:
    """Where a documented test card's number appears, plain or in groups of four, e.g.
    ['4111 11... in the log']; empty when nowhere."""
    return _found(database_bytes(server), server.log_text())


def card_numbers_in(backend: str, data_dir, database_url: str) -> list[str]:
    """The same look at a database alone (the fast tier's: its app logs to this process)."""
    return _found(stored_bytes(backend, data_dir, database_url), "")


def _found(stored: bytes, log: str) -> list[str]:
    found = []
    for number in (card.number for card in TEST_CARDS):
        grouped = " ".join(number[i:i + 4] for i in range(0, len(number), 4))
        if number.encode() in stored or grouped.encode() in stored:
            found.append(f"{number[:6]}... in the database")
        if number in log or grouped in log:
            found.append(f"{number[:6]}... in the log")
    return found
