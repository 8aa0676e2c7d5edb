from __future__ import annotations

import pytest

from paystead.api.openapi import build_openapi
from paystead.contract import contract


def _all_sdk_methods() -> list[str]:
    return [op["sdk_method"] for op in contract()["operations"]]


@pytest.fixture(scope="session")
def all_sdk_methods() -> list[str]:
    return _all_sdk_methods()


@pytest.fixture(scope="session")
def full_document() -> dict:
    return build_openapi(_all_sdk_methods(), version="0.0.0-test")


SMALL_SUBSET = ["get_spaces_id", "delete_spaces_id", "post_spaces"]


@pytest.fixture(scope="session")
def small_subset() -> list[str]:
    return list(SMALL_SUBSET)


@pytest.fixture(scope="session")
def small_document() -> dict:
    return build_openapi(SMALL_SUBSET, version="0.0.0-test")
