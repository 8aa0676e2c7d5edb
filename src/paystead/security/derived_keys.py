"""Keys for separate purposes derived from the master key (HKDF-SHA256), so that no two
purposes ever share a key: card data at rest, transaction credentials."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_NONCE_BYTES = 12


def derive_key(master_key: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"paystead:{purpose}".encode()).derive(master_key)


class CardVault:
    """Encrypts card numbers for the simulated processor's vault (AES-GCM, bound to the token)."""

    def __init__(self, master_key: bytes) -> None:
        self._aead = AESGCM(derive_key(master_key, "card-vault"))

    def encrypt(self, pan: str, reference: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, pan.encode(), reference.encode())

    def decrypt(self, ciphertext: bytes, reference: str) -> str | None:
        try:
            return self._aead.decrypt(ciphertext[:_NONCE_BYTES], ciphertext[_NONCE_BYTES:], reference.encode()).decode()
        except (InvalidTag, ValueError):
            return None


@dataclass(frozen=True)
class Signer:
    """HMAC-SHA256 signatures for values handed to buyers (credentials, page tokens)."""

    key: bytes

    @classmethod
    def for_purpose(cls, master_key: bytes, purpose: str) -> Signer:
        return cls(derive_key(master_key, purpose))

    def sign(self, message: str) -> str:
        return hmac.new(self.key, message.encode(), hashlib.sha256).hexdigest()

    def verify(self, message: str, signature: str) -> bool:
        return hmac.compare_digest(self.sign(message), signature)
