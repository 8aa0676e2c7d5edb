"""The master key that encrypts authentication keys at rest.

Sandbox mode generates one into the data directory on first start (readable only by its
owner); production mode insists that it comes from configuration.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from paystead.settings import Mode, Settings

KEY_FILE = "master.key"


class MasterKeyError(RuntimeError):
    pass


def _decode(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MasterKeyError("PAYSTEAD_MASTER_KEY is not valid base64") from exc
    if len(key) != 32:
        raise MasterKeyError("PAYSTEAD_MASTER_KEY must be 32 bytes, base64-encoded")
    return key


def load_master_key(settings: Settings) -> bytes:
    if settings.master_key:
        return _decode(settings.master_key)
    path = Path(settings.data_dir) / KEY_FILE
    if path.exists():
        return _decode(path.read_text())
    if settings.mode is Mode.PRODUCTION:
        raise MasterKeyError("production mode needs PAYSTEAD_MASTER_KEY (32 random bytes, base64)")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _decode(path.read_text())
    with os.fdopen(fd, "w") as fh:
        fh.write(base64.b64encode(key).decode())
    return key
