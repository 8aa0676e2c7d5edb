"""Payments happen in a space: each test gets a fresh space of the administrator's account,
which in sandbox mode comes with the simulator's payment setup."""

from __future__ import annotations

import pytest
from wallee.models.space_create import SpaceCreate
from wallee.service.refunds_service import RefundsService
from wallee.service.spaces_service import SpacesService
from wallee.service.transactions_service import TransactionsService

from tests.services.conftest import unique


@pytest.fixture()
def space_id(config, admin) -> int:
    return SpacesService(config).post_spaces(SpaceCreate(name=unique("Payments"), account=admin.account_id, primary_currency="CHF")).id


@pytest.fixture()
def transactions(config) -> TransactionsService:
    return TransactionsService(config)


@pytest.fixture()
def refunds(config) -> RefundsService:
    return RefundsService(config)
