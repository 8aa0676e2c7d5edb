"""How much of the wallee contract the app implements, and where it deviates from it.

The coverage table counts, per service, the contract's operations that have a route. The
deviations compare every implemented route and the served OpenAPI document with the contract:
operation ids, methods, paths, parameters, success statuses, body and response schemas, and the
fields of every model the document describes.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from paystead.api.docs import ASSETS_PATH, DOCS_PATH, INIT_SCRIPT_PATH, OPENAPI_PATH, UI_OPENAPI_PATH
from paystead.contract import BASE_PATH, contract, operations_by_sdk_method


@dataclass(frozen=True)
class ApiRoute:
    operation_id: str
    method: str
    path: str  # relative to the base path, as in the contract


@dataclass(frozen=True)
class ServiceCoverage:
    service: str
    implemented: int
    total: int
    missing: tuple[str, ...]

    @property
    def percent(self) -> float:
        return 100.0 * self.implemented / self.total if self.total else 100.0


# The documentation routes live under the base path too but are not contract operations.
_DOCUMENTATION_PATHS = {OPENAPI_PATH, UI_OPENAPI_PATH, DOCS_PATH, ASSETS_PATH, INIT_SCRIPT_PATH}


# Paystead's own operations (webhook deliveries): outside wallee's contract, so not checked against it.
EXTENSIONS_PATH = BASE_PATH + "/paystead/"


def api_routes(app) -> list[ApiRoute]:
    """Every method of every route under the API's base path (an operation id of "" when the
    route has none, which `route_deviations` reports), except Paystead's own extensions."""
    routes = []
    for route in app.routes:
        path = getattr(route, "path", "")
        if not path.startswith(BASE_PATH + "/") or path in _DOCUMENTATION_PATHS or path.startswith(EXTENSIONS_PATH):
            continue
        for method in sorted((getattr(route, "methods", None) or {"ANY"}) - {"HEAD", "OPTIONS"}):
            routes.append(ApiRoute(getattr(route, "operation_id", None) or "", method, path[len(BASE_PATH):]))
    return routes


def coverage(routes: list[ApiRoute]) -> list[ServiceCoverage]:
    implemented = {route.operation_id for route in routes}
    by_service: dict[str, list[str]] = defaultdict(list)
    for operation in contract()["operations"]:
        by_service[operation["service"]].append(operation["sdk_method"])
    return [
        ServiceCoverage(service, sum(m in implemented for m in methods), len(methods),
                        tuple(sorted(m for m in methods if m not in implemented)))
        for service, methods in sorted(by_service.items())
    ]


def route_deviations(routes: list[ApiRoute]) -> list[str]:
    operations = operations_by_sdk_method()
    problems = []
    for operation_id, count in Counter(route.operation_id for route in routes).items():
        if count > 1:
            problems.append(f"{operation_id}: {count} routes share this operation id")
    for route in routes:
        if not route.operation_id:
            problems.append(f"{route.method} {route.path}: API route without an operation id")
            continue
        expected = operations.get(route.operation_id)
        if expected is None:
            problems.append(f"{route.method} {route.path}: operation id {route.operation_id!r} is not in the contract")
            continue
        if (route.method, route.path) != (expected["http_method"], expected["path"]):
            problems.append(f"{route.operation_id}: served as {route.method} {route.path}, "
                            f"the contract says {expected['http_method']} {expected['path']}")
        placeholders = set(_PLACEHOLDER.findall(route.path))
        path_parameters = {p["name"] for p in expected["parameters"] if p["in"] == "path"}
        if placeholders != path_parameters:
            problems.append(f"{route.operation_id}: path parameters {sorted(placeholders)}, "
                            f"the contract says {sorted(path_parameters)}")
    return problems


def document_deviations(document: dict, implemented: set[str] | None = None) -> list[str]:
    """What in `document` differs from the contract; with `implemented` (the routes' operation
    ids), also operations the document describes but does not serve, or the reverse, and models
    those operations reach that the document lacks."""
    operations = operations_by_sdk_method()
    problems = []
    documented: set[str] = set()
    for path, items in document.get("paths", {}).items():
        for method, spec in items.items():
            expected = operations.get(spec.get("operationId"))
            if expected is None:
                problems.append(f"{method.upper()} {path}: operationId {spec.get('operationId')!r} not in the contract")
                continue
            documented.add(expected["sdk_method"])
            problems += _operation_deviations(expected, path, method, spec)
    schemas = document.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        problems += _model_deviations(name, schema)
    if implemented is not None:
        implemented = implemented & operations.keys()  # unknown ids are reported by route_deviations
        for sdk_method in sorted(implemented - documented):
            problems.append(f"{sdk_method}: served but not in the OpenAPI document")
        for sdk_method in sorted(documented - implemented):
            problems.append(f"{sdk_method}: in the OpenAPI document but not served")
        for name in sorted(reachable_models(implemented) - schemas.keys()):
            problems.append(f"schema {name}: reached by implemented operations but missing from the document")
    return problems


def _operation_deviations(expected: dict, path: str, method: str, spec: dict) -> list[str]:
    where = expected["sdk_method"]
    problems = []
    if (method.upper(), path) != (expected["http_method"], expected["path"]):
        problems.append(f"{where}: documented as {method.upper()} {path}")
    # OpenAPI makes every path parameter required, so the contract is read the same way.
    served = {(p["name"], p["in"], bool(p.get("required")), _describe_schema(p.get("schema", {})))
              for p in spec.get("parameters", [])}
    wanted = {(p["name"], p["in"], bool(p["required"] or p["in"] == "path"), _describe_type(p["type"]))
              for p in expected["parameters"]}
    if served != wanted:
        problems.append(f"{where}: parameters differ: "
                        f"extra {sorted(served - wanted)}, missing {sorted(wanted - served)}")
    responses = spec.get("responses", {})
    statuses = {code for code in responses if code.startswith("2")}
    if statuses != set(expected["success_responses"]) or str(expected["response_status"]) not in statuses:
        problems.append(f"{where}: success status {sorted(statuses)}, the contract says {expected['response_status']}"
                        f" (of {sorted(expected['success_responses'])})")
    for status in statuses & set(expected["success_responses"]):
        wanted_type = _describe_type(expected["success_responses"][status])
        for media_type, media in (responses[status].get("content") or {None: None}).items():
            documented = _describe_schema(media["schema"]) if media else None
            if documented != wanted_type:
                problems.append(f"{where}: response {status} {media_type or ''} is {documented}, "
                                f"the contract says {wanted_type}")
    body = expected.get("request_body")
    wanted_body = _describe_type(f"List[{body['type']}]" if body["is_list"] and not body["type"].startswith("List[")
                                 else body["type"]) if body else None
    content = spec.get("requestBody", {}).get("content", {})
    documented_bodies = {_describe_schema(media.get("schema", {})) for media in content.values()} or {None}
    if documented_bodies != {wanted_body}:
        problems.append(f"{where}: request body {sorted(map(str, documented_bodies))}, the contract says {wanted_body}")
    return problems


_PLACEHOLDER = re.compile(r"{([^}/]+)}")

# Contract scalar type names -> the JSON type the document must give them.
_JSON_TYPES = {"int": "integer", "str": "string", "bool": "boolean", "float": "number", "datetime": "string",
               "date": "string", "Union[float,int]": "number", "Union[bytes,str]": "string", "bytes": "string",
               "bytearray": "string", "Any": "any"}


def _describe_type(type_text: str | None) -> str | None:
    """A contract type as a short comparable text: `integer`, `array[ref:Space]`, `map[string]`."""
    if type_text is None:
        return None
    text = type_text.replace(" ", "")
    if text.startswith("List[") and text.endswith("]"):
        return f"array[{_describe_type(text[5:-1])}]"
    if text.startswith("Dict[str,") and text.endswith("]"):
        return f"map[{_describe_type(text[9:-1])}]"
    if text in _JSON_TYPES:
        return _JSON_TYPES[text]
    return f"ref:{text}"


def _describe_schema(schema: dict) -> str:
    """A JSON schema in the terms of `_describe_type`; a nullable wrapper is looked through."""
    if "anyOf" in schema:
        variants = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _describe_schema(variants[0]) if len(variants) == 1 else "anyOf"
    if "$ref" in schema:
        return "ref:" + schema["$ref"].rsplit("/", 1)[1]
    kind = schema.get("type")
    if kind == "array":
        return f"array[{_describe_schema(schema.get('items', {}))}]"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map[{_describe_schema(schema['additionalProperties'])}]"
    return kind or "any"


def _model_deviations(name: str, schema: dict) -> list[str]:
    model = contract()["models"].get(name)
    if model is None:
        return [f"schema {name}: not a contract model"]
    if model.get("is_enum"):
        return [] if schema.get("enum") == model["values"] else [f"enum {name}: values differ from the contract"]
    problems = []
    properties = schema.get("properties", {})
    fields = {field["name"]: field for field in model["fields"]}
    if set(properties) != set(fields):
        problems.append(f"schema {name}: properties differ: extra {sorted(set(properties) - set(fields))}, "
                        f"missing {sorted(set(fields) - set(properties))}")
    for field_name in sorted(set(properties) & set(fields)):
        wanted = _describe_type(fields[field_name]["type"])
        served = _describe_schema(properties[field_name])
        if wanted != served:
            problems.append(f"schema {name}.{field_name}: type {served}, the contract says {wanted}")
    return problems


def reachable_models(sdk_methods: set[str]) -> set[str]:
    """The contract models the operations `sdk_methods` use, and those models' models, transitively."""
    operations = operations_by_sdk_method()
    pending: list[str] = []
    for sdk_method in sdk_methods:
        op = operations[sdk_method]
        types = [p["type"] for p in op["parameters"]]
        types += [t for t in {**op["success_responses"], **op["error_responses"]}.values() if t]
        if op["request_body"]:
            types.append(op["request_body"]["type"])
        pending += _model_names(types)
    found: set[str] = set()
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        pending += _model_names(field["type"] for field in contract()["models"][name].get("fields", []))
    return found


def _model_names(type_texts) -> list[str]:
    names = []
    for text in type_texts:
        described = _describe_type(text)
        names += [part[4:] for part in re.findall(r"ref:[A-Za-z0-9_]+", described)]
    return names


def served_document(app) -> dict:
    """The OpenAPI document exactly as the app serves it, read by calling its route (no server)."""
    for route in app.routes:
        if getattr(route, "path", None) == OPENAPI_PATH:
            return json.loads(route.endpoint().body)
    raise LookupError(f"the app serves no {OPENAPI_PATH}")


def report(app) -> tuple[list[ServiceCoverage], list[str]]:
    routes = api_routes(app)
    implemented = {route.operation_id for route in routes if route.operation_id}
    return coverage(routes), route_deviations(routes) + document_deviations(served_document(app), implemented)


def format_table(rows: list[ServiceCoverage], *, missing: bool = False) -> str:
    width = max(len(row.service) for row in rows)
    lines = [f"{'service':<{width}}  implemented  total      %", "-" * (width + 29)]
    for row in rows:
        lines.append(f"{row.service:<{width}}  {row.implemented:>11}  {row.total:>5}  {row.percent:>5.0f}")
        if missing and row.missing:
            lines += [f"{'':<{width}}    missing: {name}" for name in row.missing]
    done, total = sum(r.implemented for r in rows), sum(r.total for r in rows)
    lines += ["-" * (width + 29), f"{'all services':<{width}}  {done:>11}  {total:>5}  {100 * done / total:>5.0f}"]
    return "\n".join(lines)
