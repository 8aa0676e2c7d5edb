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
from paystead.setup_errors import SetupError

KEY_FILE = "master.key"
_NEW_KEY = "set PAYSTEAD_MASTER_KEY to 32 random bytes in base64 (openssl rand -base64 32)"


class MasterKeyError(SetupError):
    pass


def _decode(text: str, origin: str, fix: str) -> bytes:
    # The messages never show the key, not even a part of it.
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MasterKeyError(f"{origin} is not valid base64", fix) from exc
    if len(key) != 32:
        raise MasterKeyError(f"{origin} is {len(key)} bytes long, not 32", fix)
    return key


def _configured_key(settings: Settings) -> bytes | None:
    """The key from PAYSTEAD_MASTER_KEY or the data directory's key file, None when there is none
    (which production mode refuses). Creates nothing."""
    if settings.master_key:
        return _decode(settings.master_key, "PAYSTEAD_MASTER_KEY", _NEW_KEY)
    path = Path(settings.data_dir) / KEY_FILE
    if path.exists():
        return _decode(path.read_text(), f"the master key file {path}",
                       "restore the file this installation wrote (the keys stored with it cannot be read "
                       "without it), or set PAYSTEAD_MASTER_KEY to that key")
    if settings.mode is Mode.PRODUCTION:
        raise MasterKeyError("production mode needs a master key and none is set", _NEW_KEY)
    return None


def check_master_key(settings: Settings) -> None:
    """Raises MasterKeyError for a missing (production) or unusable master key."""
    _configured_key(settings)


def load_master_key(settings: Settings) -> bytes:
    key = _configured_key(settings)
    if key is not None:
        return key
    path = Path(settings.data_dir) / KEY_FILE
    key = os.urandom(32)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _configured_key(settings)
    except OSError as error:
        raise MasterKeyError(f"cannot write a new master key to {path}: {error.strerror}",
                             "choose a writable data directory (--data-dir or PAYSTEAD_DATA_DIR), or " + _NEW_KEY
                             ) from error
    with os.fdopen(fd, "w") as fh:
        fh.write(base64.b64encode(key).decode())
    return key
