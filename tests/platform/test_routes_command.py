"""`paystead routes` lists every operation the API serves, each once, with the contract's method
and path, and names the function that the served endpoint really runs (importable as written)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from functools import partial

import pytest

from paystead.api.coverage import api_routes, coverage
from paystead.app import create_app
from paystead.cli import main
from paystead.contract import BASE_PATH, operations_by_sdk_method


def _paystead(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paystead", *args], capture_output=True, text=True, timeout=120)


def _in_process(capsys, *args: str) -> subprocess.CompletedProcess:
    """The same command run in this process (the test's own imports make it quick)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)


def _imported(name: str):
    module_name, _, qualname = name.partition(":")
    found = importlib.import_module(module_name)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def listed() -> list[dict]:
    result = _paystead("routes", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_implemented_operation_is_listed_once_as_the_contract_has_it(app, listed):
    operations = operations_by_sdk_method()
    implemented = sum(service.implemented for service in coverage(api_routes(app)))
    ids = [entry["operationId"] for entry in listed]
    assert len(ids) == len(set(ids)) == implemented >= 295
    for entry in listed:
        operation = operations[entry["operationId"]]
        assert (entry["method"], entry["path"]) == (operation["http_method"], BASE_PATH + operation["path"])


def test_each_function_is_importable_and_is_what_the_served_endpoint_runs(app, listed):
    served = {route.operation_id: route.endpoint for route in app.routes if getattr(route, "operation_id", None)}
    for entry in listed:
        handler = served[entry["operationId"]].handler
        function = handler.func if isinstance(handler, partial) else handler
        assert _imported(entry["function"]) is function, entry


def test_the_text_form_is_one_aligned_line_per_route(listed, capsys):
    result = _in_process(capsys, "routes")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split() for line in lines] == [
        [entry["method"], entry["path"], entry["operationId"], entry["function"]] for entry in listed]
    # Aligned: every column starts at the same place on every line.
    for column in (1, 2, 3):
        starts = {line.index(line.split()[column], len(" ".join(line.split()[:column]))) for line in lines}
        assert len(starts) == 1, f"column {column} starts at {sorted(starts)}"


def test_a_route_is_found_from_part_of_its_path_or_name(capsys):
    by_path = _in_process(capsys, "routes", "customers/BULK")
    assert by_path.returncode == 0, by_path.stderr
    assert [line.split()[:3] for line in by_path.stdout.splitlines()] == [
        ["POST", f"{BASE_PATH}/customers/bulk", "post_customers_bulk"],
        ["PATCH", f"{BASE_PATH}/customers/bulk", "patch_customers_bulk"],
        ["DELETE", f"{BASE_PATH}/customers/bulk", "delete_customers_bulk"],
    ]
    by_name = _in_process(capsys, "routes", "--json", "REFUNDS_ID_MARK_F")
    assert [entry["operationId"] for entry in json.loads(by_name.stdout)] == ["post_payment_refunds_id_mark_failed"]
    nothing = _in_process(capsys, "routes", "no-such-route")
    assert nothing.returncode == 1 and nothing.stdout == "" and "no-such-route" in nothing.stderr
