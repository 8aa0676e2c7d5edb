"""Authentication keys are stored encrypted: the database holds neither the key as shown to the
user (base64) nor its decoded bytes, in the keys table or anywhere else."""

from __future__ import annotations

import base64
import sqlite3
import subprocess
import uuid
from pathlib import Path

from wallee.models.application_user_create import ApplicationUserCreate
from wallee.service.application_users_service import ApplicationUsersService


def create_user_with_two_keys(config, admin) -> tuple[int, list[str]]:
    users = ApplicationUsersService(config)
    created = users.post_application_users(
        ApplicationUserCreate(name=f"at-rest-{uuid.uuid4().hex[:10]}", primary_account=admin.account_id))
    second = users.post_application_users_user_id_keys(created.id)
    return created.id, [created.mac_key, second.key]


def representations(key: str) -> list[str]:
    """The ways a key could show up in a text dump of the database."""
    secret = base64.b64decode(key)
    return [key, base64.urlsafe_b64encode(secret).decode().rstrip("="), secret.hex(), secret.hex().upper()]


def assert_ciphertexts_hide(ciphertexts: list[bytes], keys: list[str]) -> None:
    for ciphertext in ciphertexts:
        for key in keys:
            secret = base64.b64decode(key)
            assert secret not in ciphertext and key.encode() not in ciphertext
            # nonce + AES-GCM ciphertext + tag: more than the 32-byte key itself
            assert len(ciphertext) > len(secret)


def sqlite_path(server) -> Path:
    return Path(server.database_url.removeprefix("sqlite:///"))


def psql(server, sql: str) -> str:
    return subprocess.run(["psql", server.database_url, "-v", "ON_ERROR_STOP=1", "-AtXq", "-c", sql],
                          check=True, capture_output=True, text=True, timeout=60).stdout


def test_keys_are_encrypted_at_rest(server, config, admin):
    user_id, keys = create_user_with_two_keys(config, admin)
    assert len(set(keys)) == 2

    if server.backend == "sqlite":
        path = sqlite_path(server)
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT secret_ciphertext FROM application_user_keys WHERE user_id = ?", (user_id,)).fetchall()
            table_text = repr(connection.execute("SELECT * FROM application_user_keys").fetchall())
            dump = "\n".join(connection.iterdump())
        connection.close()
        # The raw files too: the main database and its write-ahead log.
        raw_files = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        for key in keys:
            secret = base64.b64decode(key)
            assert secret not in raw_files and key.encode() not in raw_files
    else:
        hex_rows = psql(server, f"SELECT encode(secret_ciphertext, 'hex') FROM application_user_keys "
                                f"WHERE user_id = {int(user_id)}").split()
        rows = [(bytes.fromhex(row),) for row in hex_rows]
        table_text = psql(server, "SELECT * FROM application_user_keys")
        tables = psql(server, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").split()
        assert "application_user_keys" in tables
        # A full data dump, table by table, as COPY writes it (bytea as hex).
        dump = "\n".join(psql(server, f'COPY "{table}" TO STDOUT') for table in tables)

    assert len(rows) == 2, rows
    assert_ciphertexts_hide([bytes(row[0]) for row in rows], keys)
    # The dump really covers the keys table: it holds the ciphertexts.
    assert all(bytes(row[0]).hex() in dump.lower() for row in rows)
    for key in keys:
        for text in representations(key):
            assert text not in table_text, "the keys table holds a key in the clear"
            assert text not in dump, "the database dump holds a key in the clear"
