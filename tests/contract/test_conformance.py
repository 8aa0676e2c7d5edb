"""The app against the contract: every implemented operation matches it, and the coverage
table counts what is really served. No server or database is needed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fastapi import FastAPI

from paystead.api.coverage import (
    api_routes,
    coverage,
    document_deviations,
    reachable_models,
    report,
    route_deviations,
    served_document,
)
from paystead.api.openapi import build_openapi
from paystead.app import create_app
from paystead.contract import contract


@pytest.fixture(scope="module")
def app():
    return create_app()


def test_implemented_operations_conform_to_the_contract(app):
    rows, problems = report(app)
    assert problems == [], "\n".join(problems)
    assert sum(row.implemented for row in rows) > 0


def test_coverage_counts_match_the_routes(app):
    served = {route.operation_id for route in app.routes if getattr(route, "path", "").startswith("/api/v2.0/")
              and getattr(route, "operation_id", None)}
    rows = coverage(api_routes(app))
    assert sum(row.total for row in rows) == len(contract()["operations"]) == 512
    assert sum(row.implemented for row in rows) == len(served)
    by_service = {row.service: row for row in rows}
    assert by_service["AccountsService"].implemented == by_service["AccountsService"].total == 8
    for row in rows:
        assert row.implemented + len(row.missing) == row.total


def test_a_wrong_route_is_reported():
    wrong = FastAPI()

    async def endpoint():
        return None

    wrong.add_api_route("/api/v2.0/space/{id}", endpoint, methods=["GET"], operation_id="get_spaces_id")
    wrong.add_api_route("/api/v2.0/spaces", endpoint, methods=["PUT"], operation_id="post_spaces")
    wrong.add_api_route("/api/v2.0/spaces/search", endpoint, methods=["GET"], operation_id="get_spaces_find")
    wrong.add_api_route("/api/v2.0/accounts", endpoint, methods=["GET"], operation_id="get_spaces_id")
    problems = route_deviations(api_routes(wrong))
    assert any("get_spaces_id: served as GET /space/{id}" in p for p in problems)
    assert any("post_spaces: served as PUT /spaces" in p for p in problems)
    assert any("'get_spaces_find' is not in the contract" in p for p in problems)
    assert any("get_spaces_id: 2 routes share this operation id" in p for p in problems)


def test_a_wrong_route_added_to_the_real_app_is_reported():
    app = create_app()

    async def endpoint():
        return None

    # A hand-registered route: a contract operation under a wrong path, and one with no id at all.
    app.add_api_route("/api/v2.0/spaces/{spaceId}/ping", endpoint, methods=["GET"],
                      operation_id="get_spaces_id_ping")
    app.add_api_route("/api/v2.0/labels", endpoint, methods=["GET"])
    _, problems = report(app)
    assert any("'get_spaces_id_ping' is not in the contract" in p for p in problems), problems
    assert any("GET /labels: API route without an operation id" in p for p in problems), problems


def test_a_contract_operation_served_off_contract_is_reported():
    app = create_app()

    async def endpoint():
        return None

    already_served = "get_currencies_code" in {route.operation_id for route in api_routes(app)}
    # A real contract operation, GET /currencies/{code}, under a misspelt placeholder.
    app.add_api_route("/api/v2.0/currencies/{currencyCode}", endpoint, methods=["GET"],
                      operation_id="get_currencies_code")
    _, problems = report(app)
    assert ("get_currencies_code: served as GET /currencies/{currencyCode}, "
            "the contract says GET /currencies/{code}") in problems
    assert "get_currencies_code: path parameters ['currencyCode'], the contract says ['code']" in problems
    if not already_served:  # once implemented, the document has it and the route is a duplicate instead
        assert "get_currencies_code: served but not in the OpenAPI document" in problems
    else:
        assert "get_currencies_code: 2 routes share this operation id" in problems


def test_the_served_document_describes_the_implemented_operations(app):
    document = served_document(app)
    documented = {spec["operationId"] for items in document["paths"].values() for spec in items.values()}
    assert documented == {route.operation_id for route in api_routes(app)}
    assert set(document["components"]["schemas"]) == reachable_models(documented)


def test_the_whole_contract_rendered_as_openapi_has_no_deviation():
    # Guards the checker itself against false alarms on operations not implemented yet.
    everything = {operation["sdk_method"] for operation in contract()["operations"]}
    assert document_deviations(build_openapi(sorted(everything), version="test"), everything) == []


def test_a_document_that_strays_from_the_contract_is_reported():
    document = build_openapi(["post_spaces", "get_spaces_id"], version="test")
    operation = document["paths"]["/spaces"]["post"]
    operation["responses"]["200"] = operation["responses"].pop("201")
    operation["parameters"].append({"name": "dryRun", "in": "query", "required": False})
    document["components"]["schemas"]["Space"]["properties"]["spaceName"] = {"type": "string"}
    document["components"]["schemas"]["Space"]["properties"]["version"] = {"type": "string"}
    document["components"]["schemas"].pop("RestApiErrorResponse")
    get_space = document["paths"]["/spaces/{id}"]["get"]
    next(p for p in get_space["parameters"] if p["name"] == "id")["schema"] = {"type": "string"}
    get_space["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Account"}
    problems = document_deviations(document, {"post_spaces", "get_spaces_id", "get_accounts_id"})
    assert any("post_spaces: success status ['200']" in p for p in problems)
    assert any("post_spaces: parameters differ" in p and "dryRun" in p for p in problems)
    assert any("schema Space: properties differ" in p and "spaceName" in p for p in problems)
    assert any("schema Space.version: type string" in p for p in problems)
    assert any("get_spaces_id: parameters differ" in p and "'id', 'path', True, 'string'" in p for p in problems)
    assert any("get_spaces_id: response 200 application/json is ref:Account" in p for p in problems)
    assert "schema RestApiErrorResponse: reached by implemented operations but missing from the document" in problems
    assert "get_accounts_id: served but not in the OpenAPI document" in problems


def test_coverage_command(tmp_path):
    env_args = ["--data-dir", str(tmp_path)]
    table = subprocess.run([sys.executable, "-m", "paystead", "coverage", "--missing", *env_args],
                           capture_output=True, text=True, timeout=120)
    assert table.returncode == 0, table.stdout + table.stderr
    assert "AccountsService" in table.stdout and "all services" in table.stdout
    assert "missing: post_subscriptions" in table.stdout
    as_json = subprocess.run([sys.executable, "-m", "paystead", "coverage", "--json", *env_args],
                             capture_output=True, text=True, timeout=120)
    data = json.loads(as_json.stdout)
    assert data["total"] == 512 and data["deviations"] == []
    assert data["implemented"] == sum(service["implemented"] for service in data["services"])
    assert not (tmp_path / "paystead.db").exists()  # no database is touched
