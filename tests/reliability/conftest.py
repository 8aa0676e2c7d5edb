"""The reliability battery: reduced counts by default, full counts with PAYSTEAD_TEST_FULL=1."""

from __future__ import annotations

import os

FULL = bool(os.environ.get("PAYSTEAD_TEST_FULL"))


def count(reduced: int, full: int) -> int:
    return full if FULL else reduced
