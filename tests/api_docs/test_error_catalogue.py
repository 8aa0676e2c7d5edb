"""The error-code catalogue is complete and exact: every ``code`` a raise site in ``src`` uses is
in it, nothing in it is unused, and the OpenAPI document lists it. In process, from the source's
syntax tree."""

from __future__ import annotations

import ast
from pathlib import Path

import paystead
from paystead.error_codes import ERROR_CODES

SOURCE = Path(paystead.__file__).parent


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(), str(path)) for path in SOURCE.rglob("*.py")}


def _code_helpers(trees: dict[Path, ast.Module]) -> dict[str, int]:
    """Functions that take a ``code`` and pass it on as ``code=code`` (``_fail(field, problem, code)``):
    name -> the position of ``code`` among their parameters."""
    helpers = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [arg.arg for arg in node.args.args]
                passes_on = any(isinstance(inner, ast.keyword) and inner.arg == "code"
                                and isinstance(inner.value, ast.Name) and inner.value.id == "code"
                                for inner in ast.walk(node))
                if "code" in names and passes_on:
                    helpers[node.name] = names.index("code")
    return helpers


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """``ApiError`` and every class derived from it, by name."""
    classes = [node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    found = {"ApiError"}
    while True:
        more = {node.name for node in classes
                if any(isinstance(base, ast.Name) and base.id in found for base in node.bases)} - found
        if not more:
            return found
        found |= more


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def raised_codes() -> dict[str, str]:
    """Every error code written in the source -> where it is first written. Codes are written as
    the ``code="..."`` of an error class, as error classes' ``code = "..."``, and as the ``code``
    argument (or default) of the helpers that pass one on."""
    trees = _trees()
    helpers = _code_helpers(trees)
    errors = _error_classes(trees)
    found: dict[str, str] = {}

    def add(node: ast.expr | None, path: Path, line: int) -> None:
        assert isinstance(node, ast.Constant) and isinstance(node.value, str), \
            f"{path.relative_to(SOURCE)}:{line}: an error code must be a string literal (the catalogue is checked)"
        found.setdefault(node.value, f"{path.relative_to(SOURCE)}:{line}")

    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in errors:
                for statement in node.body:
                    if isinstance(statement, ast.Assign) and any(
                            isinstance(target, ast.Name) and target.id == "code" for target in statement.targets):
                        add(statement.value, path, statement.lineno)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in helpers:
                positional = node.args.args
                defaults = dict(zip([arg.arg for arg in positional[len(positional) - len(node.args.defaults):]],
                                    node.args.defaults))
                if "code" in defaults:
                    add(defaults["code"], path, node.lineno)
            elif isinstance(node, ast.Call):
                name = _called_name(node)
                for keyword in node.keywords:
                    if keyword.arg == "code" and name in errors | set(helpers) \
                            and not (isinstance(keyword.value, ast.Name) and keyword.value.id == "code"):
                        add(keyword.value, path, node.lineno)
                position = helpers.get(_called_name(node) or "")
                if position is not None and len(node.args) > position:
                    add(node.args[position], path, node.lineno)
    return found


def test_every_code_raised_in_the_source_is_in_the_catalogue():
    raised = raised_codes()
    missing = {code: where for code, where in raised.items() if code not in ERROR_CODES}
    assert not missing, f"add these codes to paystead/error_codes.py: {missing}"


def test_every_code_in_the_catalogue_is_raised_somewhere():
    unused = set(ERROR_CODES) - set(raised_codes())
    assert not unused, f"no raise site uses these catalogued codes: {sorted(unused)}"


def test_the_scan_sees_codes_passed_through_helpers():
    raised = raised_codes()
    # _fail(field, problem, "missing_amount") in refunds, _deny(message, "malformed_token") in auth.
    assert raised["missing_amount"].startswith("domains/refunds/")
    assert raised["malformed_token"].startswith("auth/")
    assert raised["invalid_line_item"].startswith("domains/transactions/line_items.py")  # a helper's default


def test_codes_are_snake_case_with_a_meaning():
    for code, meaning in ERROR_CODES.items():
        assert code.isidentifier() and code == code.lower(), code
        assert meaning.strip() and meaning[0].isupper() and meaning.endswith("."), code


def test_the_openapi_document_lists_the_catalogue(full_document, small_document):
    for document in (full_document, small_document):
        listed = document["x-paystead-error-codes"]
        assert [entry["code"] for entry in listed] == list(ERROR_CODES)
        assert all(entry["description"] == ERROR_CODES[entry["code"]] for entry in listed)
        assert "x-paystead-error-codes" in document["info"]["description"]
