"""Encrypts and decrypts application users' authentication keys under the master key."""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

AUTH_KEY_BYTES = 32
_NONCE_BYTES = 12


class KeyVault:
    def __init__(self, master_key: bytes) -> None:
        self._aead = AESGCM(master_key)
        # Ciphertexts never change, so their plaintexts can be remembered; revocation is
        # decided by the key's state in the database on every request, not by this cache.
        self.decrypt = lru_cache(maxsize=4096)(self._decrypt)

    @staticmethod
    def new_secret() -> bytes:
        return os.urandom(AUTH_KEY_BYTES)

    @staticmethod
    def encode_for_user(secret: bytes) -> str:
        """The authentication key as shown to the user (base64, like wallee's)."""
        return base64.b64encode(secret).decode()

    def encrypt(self, secret: bytes, user_id: int) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, secret, _aad(user_id))

    def _decrypt(self, ciphertext: bytes, user_id: int) -> bytes | None:
        try:
            return self._aead.decrypt(ciphertext[:_NONCE_BYTES], ciphertext[_NONCE_BYTES:], _aad(user_id))
        except (InvalidTag, ValueError):
            return None


def _aad(user_id: int) -> bytes:
    # Binding the ciphertext to its user stops a key row being moved to another user.
    return f"paystead-auth-key:{user_id}".encode()
