"""Domain code does not touch HTTP: it works on a ``DomainContext`` (paystead.domains.context),
which an API request extends with its request, operation, parameters and body and a background
job builds as it is. So a service serves the API, the buyer pages and the worker alike.

Under the domain packages no module imports Starlette or reads a context's ``request``, and no
function that takes a ``DomainContext`` reads the parts only a request has.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from paystead.domains.context import DomainContext
from paystead.resources.context import RequestContext

SOURCE = Path(__file__).resolve().parents[2] / "src" / "paystead"
DOMAIN_PACKAGES = ("domains", "payments", "webhooks", "worker")

# Modules of those packages that are HTTP endpoints by design, with why; empty: every endpoint
# reads its parameters and body from its RequestContext, and only the HTTP layer (paystead.
# resources, paystead.pages, paystead.http) sees the request itself.
HTTP_MODULES: dict[str, str] = {}

# What a RequestContext has that a DomainContext has not (request, operation, params, body...).
HTTP_ONLY = ({field.name for field in dataclasses.fields(RequestContext)} | {"param"}) - {
    field.name for field in dataclasses.fields(DomainContext)}
CONTEXT_NAMES = {"ctx", "context"}


def domain_modules() -> list[Path]:
    return sorted(path for package in DOMAIN_PACKAGES for path in (SOURCE / package).rglob("*.py"))


def _name(path: Path) -> str:
    if not path.is_relative_to(SOURCE.parent):
        return path.stem
    return path.relative_to(SOURCE.parent).with_suffix("").as_posix().replace("/", ".")


def _imports_starlette(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "starlette" for alias in node.names)
    return isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "starlette"


def _reads(node: ast.AST, names: set[str], attributes: set[str]) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in attributes
            and isinstance(node.value, ast.Name) and node.value.id in names)


def _domain_context_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    arguments = function.args
    return {argument.arg for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
            if argument.annotation is not None and ast.unparse(argument.annotation).split(".")[-1] == "DomainContext"}


def http_uses(path: Path) -> list[str]:
    """Where the module touches HTTP, as ``module:line what``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if _imports_starlette(node):
            found.append(f"{node.lineno} imports starlette")
        elif _reads(node, CONTEXT_NAMES, {"request"}):
            found.append(f"{node.lineno} reads {ast.unparse(node)}")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parameters = _domain_context_parameters(node)
            found += [f"{inner.lineno} reads {ast.unparse(inner)} of a DomainContext in {node.name}"
                      for inner in ast.walk(node) if parameters and _reads(inner, parameters, HTTP_ONLY)]
    return [f"{_name(path)}:{where}" for where in sorted(found, key=lambda where: int(where.split()[0]))]


def test_the_http_only_parts_are_known():
    assert {"request", "operation", "params", "param", "body", "credential_transaction_id"} <= HTTP_ONLY
    assert not HTTP_ONLY & {"session", "caller", "space", "account", "urls", "clock", "settings"}


def test_domain_code_does_not_touch_http():
    uses = [use for path in domain_modules() if _name(path) not in HTTP_MODULES for use in http_uses(path)]
    assert not uses, "domain code touches HTTP (take a DomainContext; the HTTP layer reads the request):\n" + \
        "\n".join(uses)


def test_each_http_module_listed_still_needs_it():
    for module in HTTP_MODULES:
        path = SOURCE.parent / (module.replace(".", "/") + ".py")
        assert http_uses(path), f"{module} no longer touches HTTP: take it off the list"


def test_the_check_sees_a_request_read_and_a_starlette_import(tmp_path):
    module = tmp_path / "service.py"
    module.write_text("from starlette.requests import Request\n\n"
                      "def base(ctx):\n    return ctx.request.base_url\n\n"
                      "async def run(ctx: DomainContext):\n    return ctx.param('id'), ctx.session\n")
    assert [use.split(":", 1)[1] for use in http_uses(module)] == [
        "1 imports starlette", "4 reads ctx.request", "7 reads ctx.param of a DomainContext in run"]
