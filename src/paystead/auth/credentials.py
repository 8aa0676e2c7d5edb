"""Transaction credentials: a short-lived string that lets a buyer's app (the mobile SDK, a
payment page) act on one transaction without an application user's key.

Format: ``<spaceId>-<transactionId>-<expires (unix seconds)>-<HMAC-SHA256 hex>``; the HMAC key
is derived from the master key for this purpose only.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from paystead.errors import Unauthorized
from paystead.security.derived_keys import Signer

CREDENTIALS_LIFETIME_SECONDS = 3600
_FORMAT = re.compile(r"([0-9]{1,18})-([0-9]{1,18})-([0-9]{1,12})-([0-9a-f]{64})")


@dataclass(frozen=True)
class TransactionCredentials:
    space_id: int
    transaction_id: int
    expires: int


def issue(signer: Signer, space_id: int, transaction_id: int, *, now: float | None = None,
          lifetime: int = CREDENTIALS_LIFETIME_SECONDS) -> str:
    expires = int(now if now is not None else time.time()) + lifetime
    message = f"{space_id}-{transaction_id}-{expires}"
    return f"{message}-{signer.sign(message)}"


def verify(signer: Signer, text: str, *, now: float | None = None) -> TransactionCredentials:
    match = _FORMAT.fullmatch(text or "")
    if match is None:
        raise Unauthorized("The credentials are malformed", code="invalid_credentials")
    space_id, transaction_id, expires, signature = match.groups()
    if not signer.verify(f"{space_id}-{transaction_id}-{expires}", signature):
        raise Unauthorized("The credentials are not valid", code="invalid_credentials")
    if int(expires) < (now if now is not None else time.time()):
        raise Unauthorized("The credentials have expired; ask the merchant for new ones", code="credentials_expired")
    return TransactionCredentials(int(space_id), int(transaction_id), int(expires))
