"""How much of the wallee contract the app implements, and where it deviates from it.

The coverage table counts, per service, the contract's operations that have a route. The
deviations compare every implemented route and the served OpenAPI document with the contract:
operation ids, methods, paths, parameters, success statuses, body and response schemas, and the
fields of every model the document describes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from paystead.api.openapi import build_openapi
from paystead.contract import BASE_PATH, contract, operations_by_sdk_method
from paystead.wire.types import parse_type


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


def api_routes(app) -> list[ApiRoute]:
    routes = []
    for route in app.routes:
        path = getattr(route, "path", "")
        if not path.startswith(BASE_PATH + "/") or not getattr(route, "operation_id", None):
            continue
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            routes.append(ApiRoute(route.operation_id, method, path[len(BASE_PATH):]))
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
        expected = operations.get(route.operation_id)
        if expected is None:
            problems.append(f"{route.method} {route.path}: operation id {route.operation_id!r} is not in the contract")
            continue
        if (route.method, route.path) != (expected["http_method"], expected["path"]):
            problems.append(f"{route.operation_id}: served as {route.method} {route.path}, "
                            f"the contract says {expected['http_method']} {expected['path']}")
    return problems


def document_deviations(document: dict) -> list[str]:
    operations = operations_by_sdk_method()
    problems = []
    for path, items in document.get("paths", {}).items():
        for method, spec in items.items():
            expected = operations.get(spec.get("operationId"))
            if expected is None:
                problems.append(f"{method.upper()} {path}: operationId {spec.get('operationId')!r} not in the contract")
                continue
            problems += _operation_deviations(expected, path, method, spec)
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        problems += _model_deviations(name, schema)
    return problems


def _operation_deviations(expected: dict, path: str, method: str, spec: dict) -> list[str]:
    where = expected["sdk_method"]
    problems = []
    if (method.upper(), path) != (expected["http_method"], expected["path"]):
        problems.append(f"{where}: documented as {method.upper()} {path}")
    served = {(p["name"], p["in"], bool(p.get("required"))) for p in spec.get("parameters", [])}
    wanted = {(p["name"], p["in"], bool(p["required"])) for p in expected["parameters"]}
    if served != wanted:
        problems.append(f"{where}: parameters differ: extra {sorted(served - wanted)}, missing {sorted(wanted - served)}")
    statuses = {code for code in spec.get("responses", {}) if code.startswith("2")}
    if statuses != {str(expected["response_status"])}:
        problems.append(f"{where}: success status {sorted(statuses)}, the contract says {expected['response_status']}")
    body = expected.get("request_body")
    documented_body = _schema_name(spec.get("requestBody", {}).get("content", {}))
    if body and body.get("model") and documented_body != body["model"]:
        problems.append(f"{where}: request body {documented_body!r}, the contract says {body['model']!r}")
    if expected.get("response_model"):
        success = spec.get("responses", {}).get(str(expected["response_status"]), {})
        documented = _schema_name(success.get("content", {}))
        if documented != expected["response_model"]:
            problems.append(f"{where}: response {documented!r}, the contract says {expected['response_model']!r}")
    return problems


def _schema_name(content: dict) -> str | None:
    for media in content.values():
        schema = media.get("schema", {})
        if schema.get("type") == "array":
            schema = schema.get("items", {})
        ref = schema.get("$ref", "")
        if ref:
            return ref.rsplit("/", 1)[1]
    return None


_JSON_TYPES = {"int": "integer", "str": "string", "bool": "boolean", "datetime": "string", "date": "string",
               "Union[float,int]": "number", "Union[bytes,str]": "string"}


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
    for field_name in set(properties) & set(fields):
        wanted = _json_type(fields[field_name]["type"])
        served = properties[field_name].get("type") or ("object" if "$ref" in properties[field_name] else None)
        if wanted and served and wanted != served:
            problems.append(f"schema {name}.{field_name}: type {served}, the contract says {wanted}")
    return problems


def _json_type(type_text: str) -> str | None:
    ref = parse_type(type_text)
    if ref.kind == "list":
        return "array"
    if ref.kind == "dict":
        return "object"
    if ref.kind == "scalar":
        return _JSON_TYPES.get(ref.name)
    return None  # models and enums are references; their own schemas are checked by name


def report(app) -> tuple[list[ServiceCoverage], list[str]]:
    routes = api_routes(app)
    document = build_openapi(sorted({route.operation_id for route in routes if route.operation_id
                                     in operations_by_sdk_method()}), version="coverage")
    return coverage(routes), route_deviations(routes) + document_deviations(document)


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
