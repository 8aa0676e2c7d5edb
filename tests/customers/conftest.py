"""Customers live in a space: each test gets a fresh space of the administrator's account, so
that lists and searches hold exactly what the test created."""

from __future__ import annotations

import json

import pytest
from wallee.exceptions import ApiException
from wallee.models.space_create import SpaceCreate
from wallee.service.customers_service import CustomersService
from wallee.service.spaces_service import SpacesService

from tests.services.conftest import unique


@pytest.fixture()
def space_id(config, admin) -> int:
    return SpacesService(config).post_spaces(SpaceCreate(name=unique("Customers"), account=admin.account_id)).id


@pytest.fixture()
def customers(config) -> CustomersService:
    return CustomersService(config)


def refused(status: int, call, *args, **kwargs) -> dict:
    """Runs an SDK call that must fail with ``status``; returns the RestApiErrorResponse body."""
    with pytest.raises(ApiException) as caught:
        call(*args, **kwargs)
    assert caught.value.status == status, caught.value.body
    body = json.loads(caught.value.body)
    assert body["code"] and body["message"] and body["id"]
    return body
