"""Signing webhook messages: ECDSA P-256 with SHA-256 over the raw body, as wallee does.

The header is ``X-Signature: algorithm=SHA256withECDSA, keyId=<id>, signature=<base64 DER>``;
the public key of ``keyId`` is ``GET /webhooks/encryption-keys/{keyId}`` (base64 DER), which is
what the official SDKs' ``is_content_valid`` reads. The newest active key signs; a rotation
retires the old keys, which stay readable so that messages signed before still verify.
Private keys are kept encrypted under a key derived from the master key.
"""

from __future__ import annotations

import base64
import os
import uuid
from functools import lru_cache

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from paystead.clock import wall_now
from paystead.db.models import WebhookSigningKey
from paystead.security.derived_keys import derive_key

ALGORITHM = "SHA256withECDSA"
_NONCE_BYTES = 12


class KeyBox:
    """Encrypts signing keys at rest (AES-GCM under a derived key, bound to the key id)."""

    def __init__(self, master_key: bytes) -> None:
        self._aead = AESGCM(derive_key(master_key, "webhook-signing-keys"))
        self.private_key = lru_cache(maxsize=16)(self._private_key)

    def seal(self, key: ec.EllipticCurvePrivateKey, key_id: str) -> bytes:
        der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, der, key_id.encode())

    def _private_key(self, ciphertext: bytes, key_id: str) -> ec.EllipticCurvePrivateKey:
        der = self._aead.decrypt(ciphertext[:_NONCE_BYTES], ciphertext[_NONCE_BYTES:], key_id.encode())
        return serialization.load_der_private_key(der, password=None)


def public_key_text(key: ec.EllipticCurvePrivateKey) -> str:
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


async def new_key(session: AsyncSession, box: KeyBox) -> WebhookSigningKey:
    key = ec.generate_private_key(ec.SECP256R1())
    key_id = str(uuid.uuid4())
    row = WebhookSigningKey(id=key_id, public_key=public_key_text(key), private_key_ciphertext=box.seal(key, key_id),
                            active=True, created_on=wall_now())
    session.add(row)
    await session.flush()
    return row


async def signing_key(session: AsyncSession, box: KeyBox) -> WebhookSigningKey:
    """The newest active key; the first one is made when first needed."""
    row = await session.scalar(select(WebhookSigningKey).where(WebhookSigningKey.active.is_(True))
                               .order_by(WebhookSigningKey.created_on.desc(), WebhookSigningKey.id).limit(1))
    return row if row is not None else await new_key(session, box)


async def rotate(session: AsyncSession, box: KeyBox) -> WebhookSigningKey:
    await session.execute(update(WebhookSigningKey).where(WebhookSigningKey.active.is_(True))
                          .values(active=False, retired_on=wall_now()))
    return await new_key(session, box)


def signature_header(body: bytes, key: WebhookSigningKey, box: KeyBox) -> str:
    private = box.private_key(key.private_key_ciphertext, key.id)
    signature = base64.b64encode(private.sign(body, ec.ECDSA(hashes.SHA256()))).decode()
    return f"algorithm={ALGORITHM}, keyId={key.id}, signature={signature}"
