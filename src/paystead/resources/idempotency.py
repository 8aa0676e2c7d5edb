"""Idempotent creates: a key in the create body (wallee's ``externalId`` or a resource's own
identifier) names the object within its scope, so that a retried create cannot duplicate it.

The same key with the same body answers with the object the first create made (201 again,
as a retry expects); the same key with a different body is a 409 naming the existing object.
Bodies are compared by the SHA-256 of their canonical JSON (validated fields, sorted keys),
stored with the object. A unique index on (scope, key) settles concurrent creates.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Idempotency:
    field: str  # wire name of the key in the create body, e.g. "externalId"
    column: Any  # ORM attribute holding the key, under a unique index with the scope column
    hash_attribute: Any  # ORM attribute holding body_hash() of the create body


def body_hash(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
