"""The OpenAPI 3.1 document of the operations Paystead implements, built from the contract.

The contract (wallee REST API v2.0 as the SDK sees it) is the single source: paths, parameters,
status codes and models are read from it, so the document cannot drift from what the SDK
expects. Building is cheap (well under a second for all operations); the caller caches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from http import HTTPStatus

from paystead.api.openapi_schemas import (
    SCHEMA_PREFIX,
    fragment_schema,
    reachable_schemas,
    ref,
    type_schema,
    with_constraints,
)
from paystead.contract import BASE_PATH, model, operation
from paystead.error_codes import openapi_listing

DEFAULT_TITLE = "Paystead (wallee REST API v2.0)"
SECURITY_SCHEME = "jwt"

_JWT_DESCRIPTION = """\
wallee's per-request JWT, sent as `Authorization: Bearer <token>`.

A new token is computed for every request:

* JOSE header: `{"alg": "HS256", "typ": "JWT", "ver": 1}`
* claims:
  * `sub`: the application user id (a JSON number)
  * `iat`: the current time in unix seconds
  * `requestPath`: `/api/v2.0` + the operation path + `?` + the query string, exactly as sent
  * `requestMethod`: the HTTP method in upper case
* signature: HS256 with the **base64-decoded** authentication key of the application user.

Because the token covers path and method, it is valid for one request only. The docs page
(`/api/v2.0/docs`) computes it in the browser for every "Try it out" request from the
application user id and authentication key entered in its Authorize dialog."""

_INFO_DESCRIPTION = (
    "Paystead is a self-hostable server for the wallee REST API v2.0: the unmodified wallee "
    "SDKs work against it. Operations scoped to a space take a `Space` header, account-level "
    "ones an `Account` header. Every error answers with a `RestApiErrorResponse` whose `code` is "
    "one of those listed, with their meaning, under `x-paystead-error-codes`."
)


def build_openapi(
    sdk_methods: Iterable[str], *, title: str = DEFAULT_TITLE, version: str
) -> dict:
    """An OpenAPI 3.1 document describing exactly the contract operations `sdk_methods`."""
    refs: set[str] = set()
    paths: dict[str, dict] = {}
    tags: set[str] = set()
    for sdk_method in dict.fromkeys(sdk_methods):  # keep order, drop repeats
        op = operation(sdk_method)
        tag = _tag(op["service"])
        tags.add(tag)
        paths.setdefault(op["path"], {})[op["http_method"].lower()] = _operation(op, tag, refs)
    _add_links(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version, "description": _INFO_DESCRIPTION},
        "servers": [{"url": BASE_PATH}],
        "security": [{SECURITY_SCHEME: []}],
        "tags": [{"name": tag} for tag in sorted(tags)],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": _JWT_DESCRIPTION,
                }
            },
            "schemas": reachable_schemas(refs),
        },
        "x-paystead-error-codes": openapi_listing(),
    }


def _tag(service: str) -> str:
    # "HumanUsersService" -> "Human Users", "WebhookURLsService" -> "Webhook URLs".
    name = service.removesuffix("Service")
    return " ".join(re.findall(r"[A-Z]+s?(?![a-z])|[A-Z][a-z0-9]*", name)) or name


def _operation(op: dict, tag: str, refs: set[str]) -> dict:
    spec: dict = {"tags": [tag], "operationId": op["sdk_method"]}
    if op.get("summary"):
        spec["summary"] = op["summary"]
    if op.get("description"):
        spec["description"] = op["description"]
    if op["parameters"]:
        spec["parameters"] = [_parameter(param, refs) for param in op["parameters"]]
    if op["request_body"]:
        spec["requestBody"] = _request_body(op["request_body"], refs)
    spec["responses"] = _responses(op, refs)
    return spec


def _parameter(param: dict, refs: set[str]) -> dict:
    spec: dict = {
        "name": param["name"],
        "in": param["in"],
        # OpenAPI demands required path parameters; the scope headers are required too.
        "required": bool(param["required"] or param["in"] == "path"),
        "schema": with_constraints(fragment_schema(param["json"], refs), param["constraints"]),
    }
    if param.get("description"):
        spec["description"] = param["description"]
    if param.get("collection_format") == "multi":  # repeated: ?expand=a&expand=b
        spec["style"] = "form"
        spec["explode"] = True
    return spec


def _request_body(body: dict, refs: set[str]) -> dict:
    schema = ref(body["model"], refs) if body["model"] else type_schema(body["type"], refs)
    if body["is_list"] and schema.get("type") != "array":
        schema = {"type": "array", "items": schema}
    media_type = body.get("content_type") or "application/json"
    return {"required": bool(body["required"]), "content": {media_type: {"schema": schema}}}


def _responses(op: dict, refs: set[str]) -> dict:
    # Contract status keys are OpenAPI's already ("201", and "5XX" as a range); OpenAPI
    # wants the range's X upper case.
    responses = {
        status.upper(): _success_response(status, type_name, op["accept"], refs)
        for status, type_name in op["success_responses"].items()
    }
    # Paystead's own refusals the contract lists only where wallee documents them; the SDK reads
    # them as any other error.
    error_responses = dict(op["error_responses"])
    if op["request_body"]:
        # A body beyond the server's size limit (api.max_body_bytes), on every operation with one.
        error_responses.setdefault("413", "RestApiErrorResponse")
    if any(param["name"] == "offset" and "le" in param["constraints"] for param in op["parameters"]):
        # An offset beyond the contract's maximum (paystead.http.params).
        error_responses.setdefault("416", "RestApiErrorResponse")
    for status, type_name in error_responses.items():
        responses[status.upper()] = {
            "description": _status_description(status),
            "content": {"application/json": {"schema": type_schema(type_name, refs)}},
        }
    return responses


def _success_response(
    status: str, type_name: str | None, accept: list[str], refs: set[str]
) -> dict:
    response: dict = {"description": _status_description(status)}
    if type_name is None:  # e.g. 204: no body at all
        return response
    if type_name in ("bytearray", "bytes"):
        # Raw bytes (CSV exports); JSON in `accept` is for the error bodies only.
        media_types = [t for t in accept if not _is_json(t)] or ["application/octet-stream"]
    elif type_name == "str":
        # The SDK takes text/* verbatim and json-decodes application/json (a JSON string).
        media_types = [t for t in accept if t.startswith("text/") or _is_json(t)] or ["text/plain"]
    else:  # models, lists and bools are JSON (a text/plain "false" would read as True)
        media_types = ["application/json"]
    schema = type_schema(type_name, refs)
    response["content"] = {media_type: {"schema": dict(schema)} for media_type in media_types}
    return response


def _add_links(paths: dict[str, dict]) -> None:
    """OpenAPI links from each POST that answers with a new object to the operations on that
    object: `POST /customers` -> `GET|PATCH|DELETE /customers/{id}`, `POST /customers/{customerId}/addresses`...

    The object's `id` from the response fills the placeholder right after the collection's path;
    the source's own path parameters and scope header (`Space`/`Account`) are passed on.
    """
    for source_path, item in paths.items():
        source = item.get("post")
        status = _created_status(source) if source else None
        if status is None:
            continue
        source_params = {(p["in"], p["name"]) for p in source.get("parameters", ())}
        links: dict[str, dict] = {}
        for target_path, target_item in paths.items():
            # The new object's own operations: one placeholder right after the collection's path.
            placeholder = re.fullmatch(r"\{(\w+)\}(?:/[^{}]+)*", target_path.removeprefix(source_path + "/"))
            if not target_path.startswith(source_path + "/") or not placeholder:
                continue
            for target in target_item.values():
                parameters = {f"path.{placeholder.group(1)}": "$response.body#/id"}
                for param in target.get("parameters", ()):
                    if (param["in"], param["name"]) in source_params and param["in"] in ("path", "header"):
                        parameters[f"{param['in']}.{param['name']}"] = f"$request.{param['in']}.{param['name']}"
                links[target["operationId"]] = {"operationId": target["operationId"], "parameters": parameters}
        if links:
            source["responses"][status]["links"] = links


def _created_status(op: dict) -> str | None:
    """The success status whose JSON body is one object with an `id`, if any."""
    for status, response in op["responses"].items():
        if not status.startswith("2"):
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        name = schema.get("$ref", "").removeprefix(SCHEMA_PREFIX)
        if name and any(field["name"] == "id" for field in model(name).get("fields", ())):
            return status
    return None


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _status_description(status: str) -> str:
    if status.upper().endswith("XX"):
        return {"2": "Success", "4": "Client error", "5": "Server error"}.get(status[0], "Error")
    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return "Response"
