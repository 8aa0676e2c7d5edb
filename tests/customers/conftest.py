"""Customers live in a space: each test gets a fresh space of the administrator's account, so
that lists and searches hold exactly what the test created."""

from __future__ import annotations

import pytest
from wallee.models.space_create import SpaceCreate
from wallee.service.customers_service import CustomersService
from wallee.service.spaces_service import SpacesService

from tests.support.sdk import refused, unique  # noqa: F401 - the customer tests import refused from here


@pytest.fixture()
def space_id(config, admin) -> int:
    return SpacesService(config).post_spaces(SpaceCreate(name=unique("Customers"), account=admin.account_id)).id


@pytest.fixture()
def customers(config) -> CustomersService:
    return CustomersService(config)
