"""Reference data needs authentication but no permission: a user without any role reads it,
an unsigned request does not."""

from __future__ import annotations

from wallee.models.application_user_create import ApplicationUserCreate
from wallee.service.application_users_service import ApplicationUsersService
from wallee.service.currencies_service import CurrenciesService
from wallee.service.payment_methods_service import PaymentMethodsService
from wallee.service.spaces_service import SpacesService

from tests.conftest import sdk_config
from tests.services.conftest import refused, unique
from tests.support.jwt_client import DROP
from tests.support.servers import Credentials


def test_user_without_roles_reads_reference_data(server, config, admin):
    created = ApplicationUsersService(config).post_application_users(
        ApplicationUserCreate(name=unique("Reference reader"), primary_account=admin.account_id))
    roleless = sdk_config(server, Credentials(admin.account_id, admin.space_id, created.id, created.mac_key))
    refused(403, SpacesService(roleless).get_spaces_id, admin.space_id)  # holds no permission at all
    assert CurrenciesService(roleless).get_currencies_code("CHF").fraction_digits == 2
    assert PaymentMethodsService(roleless).get_payment_methods(limit=1).data


def test_unauthenticated_reads_are_refused(http):
    for path in ("/currencies", "/countries/CH", "/countries/CH/states", "/payment/methods"):
        response = http.get(path, token=DROP)
        assert response.status_code == 401, (path, response.text)
    assert http.get("/countries/CH/states").status_code == 200
