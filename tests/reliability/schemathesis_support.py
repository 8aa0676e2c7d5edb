"""Schemathesis against Paystead's own OpenAPI document: the fuzzing identity, its wallee JWTs,
the configuration of a run and the guard that keeps the identity alive.

The identity is a tenant of its own (``paystead bootstrap``), so nothing the fuzzer changes
touches the administrator's data the other tests on the same server read. It holds every
permission in its account, so calls get past the permission checks and reach the handlers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import httpx
import hypothesis
import requests
import schemathesis
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok

from tests.support.jwt_client import API_PATH, WalleeHttp, make_token
from tests.support.servers import Credentials, Server

# The document as served; its 3.0 rendition exists for the bundled Swagger UI only.
DOCUMENT_PATH = "/openapi.json"
# An id no object has: what a call aimed at the identity's own objects is sent to instead.
MISSING_ID = 987_654_321


@dataclass(frozen=True)
class FuzzIdentity:
    credentials: Credentials
    role_ids: frozenset[int]

    @property
    def user_id(self) -> int:
        return self.credentials.user_id

    @property
    def account_id(self) -> int:
        return self.credentials.account_id

    @property
    def space_id(self) -> int:
        return self.credentials.space_id


def new_identity(server: Server) -> FuzzIdentity:
    """A fresh tenant and the roles its application user holds."""
    credentials = server.bootstrap()
    http = WalleeHttp(server.base_url, credentials.user_id, credentials.key)
    response = http.get(f"/application-users/{credentials.user_id}/account-roles", account=credentials.account_id)
    assert response.status_code == 200, response.text
    roles = frozenset(grant["role"] for grant in response.json()["data"])
    assert roles, "the bootstrap user holds no role"
    return FuzzIdentity(credentials, roles)


def identity_still_works(server: Server, identity: FuzzIdentity) -> tuple[int, str]:
    """A read that needs the identity's key, user, role and space to be intact."""
    http = WalleeHttp(server.base_url, identity.user_id, identity.credentials.key)
    response = http.get(f"/spaces/{identity.space_id}")
    return response.status_code, response.text[:300]


class WalleeJwt(requests.auth.AuthBase):
    """Signs every request as it is sent: wallee's JWT covers the path and the query string
    exactly as they go over the wire, which only the prepared request knows (schemathesis
    generates the query; requests encodes it)."""

    def __init__(self, credentials: Credentials) -> None:
        self.credentials = credentials

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        path_and_query = request.path_url.removeprefix(API_PATH)
        request.headers["Authorization"] = "Bearer " + make_token(
            self.credentials.user_id, self.credentials.key, path_and_query, request.method)
        return request


# Path segments whose placeholder names one of the identity's own objects, by kind.
_OWN_OBJECT_SEGMENTS = {
    "accounts": "account", "spaces": "space", "roles": "role",
    # One id space for all users: a human-user call with the application user's id is guarded too.
    "application-users": "user", "human-users": "user", "single-sign-on-users": "user",
}


def shield_identity(case, identity: FuzzIdentity) -> None:
    """Sends a changing call aimed at the identity's own user, account, space or role to an id
    no object has.

    Without it the fuzzer, which favours small ids, soon deletes or deactivates its own user,
    account or space, revokes its key or strips its role, and every later call is a 401/403
    that tests nothing (an earlier exploratory run did exactly that). Reads of these objects go
    through unchanged; changes are still fuzzed on every other id, and the stateful run changes
    and deletes the accounts, spaces, users and roles it creates itself.
    """
    if case.method.upper() == "GET" or not case.path_parameters:
        return
    own = {"account": {identity.account_id}, "space": {identity.space_id}, "role": set(identity.role_ids),
           "user": {identity.user_id}}
    previous = None
    for segment in case.operation.path.strip("/").split("/"):
        placeholder = re.fullmatch(r"\{(\w+)\}", segment)
        if placeholder and previous in _OWN_OBJECT_SEGMENTS:
            name = placeholder.group(1)
            value = case.path_parameters.get(name)
            if str(value) in {str(object_id) for object_id in own[_OWN_OBJECT_SEGMENTS[previous]]}:
                case.path_parameters[name] = MISSING_ID
        previous = segment


def prepare_chain_step(case) -> None:
    """Turns a generated valid call into one Paystead accepts, so that chains go on.

    Generated ``expand`` names are field names of no model (a 400). JSON Schema counts 5.0 as
    an integer, Paystead reads integers only, as the SDKs send them (5.0 is a 400).
    """
    if isinstance(case.query, dict):
        case.query.pop("expand", None)
    if isinstance(case.body, (dict, list)):
        case.body = _integral_numbers_as_integers(case.body)


def _integral_numbers_as_integers(value):
    if isinstance(value, dict):
        return {key: _integral_numbers_as_integers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral_numbers_as_integers(item) for item in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


# What every response is checked for: no 5xx, a documented status, the documented content type,
# headers and body. The other checks judge the server's choice of 4xx for generated input
# (negative_data_rejection, positive_data_acceptance, missing_required_header...), which the
# security and contract suites test with requests built for the purpose.
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance")


def run_config(server: Server, identity: FuzzIdentity, *, max_examples: int,
               max_steps: int | None = None) -> schemathesis.Config:
    """Stateless fuzzing of every operation, or with ``max_steps`` the stateful run."""
    # Most calls name the identity's own space and account (headers and bodies), so that they
    # reach the handlers; the rest carry generated ids (another tenant's or none: a 403/404).
    dictionaries = {"space": {"values": [identity.space_id]}, "account": {"values": [identity.account_id]},
                    "scope": {"values": [1]}}  # a self-hosted installation is one scope
    parameters = {"header.Space": {"dictionary": "space", "probability": 0.9},
                  "header.Account": {"dictionary": "account", "probability": 0.9},
                  "body.account": {"dictionary": "account", "probability": 0.9},
                  "body.scope": {"dictionary": "scope", "probability": 0.9}}
    generation = {"mode": "all", "max-examples": max_examples,
                  # No example database: nothing is written into the repository.
                  "database": "none"}
    if max_steps is not None:
        # Chains go on from successful creates: valid input only (see also prepare_chain_step),
        # in the identity's own space and account, without NUL characters (refused in any text).
        generation.update({"mode": "positive", "allow-x00": False})
        parameters = {name: {**binding, "probability": 1.0} for name, binding in parameters.items()}
    return schemathesis.Config.from_dict({
        "base-url": server.api_url,
        "request-timeout": 30,
        "generation": generation,
        "phases": {
            # The document has no examples. The coverage phase (boundary values of every
            # parameter) is built by schemathesis' pytest plugin and engine, not by the public
            # per-operation strategies fuzz_every_operation runs.
            "examples": {"enabled": False},
            "coverage": {"enabled": False},
            "fuzzing": {"enabled": True},
            # The stateful run follows the document's own links only: schemathesis' inference
            # adds thousands of guessed ones (list -> item for every collection), which spread a
            # short run too thin.
            "stateful": {"enabled": max_steps is not None, "max-steps": max_steps or 10,
                         "inference": {"algorithms": []}},
        },
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "dictionaries": dictionaries,
        "parameters": parameters,
        "suppress-health-check": ["all"],
        "warnings": False,
    })


def load_schema(server: Server, identity: FuzzIdentity, *, stateful_links: bool = False,
                **config) -> schemathesis.BaseSchema:
    document = httpx.get(server.api_url + DOCUMENT_PATH, timeout=30).raise_for_status().json()
    if stateful_links:
        pass_versions_along(document)
    schema = schemathesis.openapi.from_dict(document, config=run_config(server, identity, **config))
    schema.auth.set_from_requests(WalleeJwt(identity.credentials))
    return schema


def pass_versions_along(document: dict) -> int:
    """Adds the new object's version to the body of each link into an update.

    An update needs the object's current version (wallee's optimistic locking), else it is a 409.
    The document's links stay within OpenAPI's link semantics, where a request body is one
    literal or one expression, not a partial body; schemathesis merges an object of
    expressions into the body it generates, so the run adds that here.
    """
    updates = {op["operationId"] for item in document["paths"].values() for method, op in item.items()
               if method == "patch"}
    added = 0
    for item in document["paths"].values():
        for op in item.values():
            for response in op["responses"].values():
                for link in response.get("links", {}).values():
                    if link["operationId"] in updates:
                        link["requestBody"] = {"version": "$response.body#/version"}
                        added += 1
    assert added, "the document links no create to an update"
    return added


def fuzz_every_operation(schema: schemathesis.BaseSchema, identity: FuzzIdentity) -> tuple[dict, list[str]]:
    """Runs each operation's generated cases (the modes and Hypothesis settings of the schema's
    configuration); returns the statuses each operation answered and a report of each one that
    failed.

    This is what ``schemathesis.pytest.from_fixture(...).parametrize()`` does, written out:
    schemathesis 4.32's pytest plugin reads ``Node._nodeid``, which pytest 9.2 no longer has.
    """
    problems: list[str] = []
    statuses: dict[str, Counter] = {}
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):  # the document itself is at fault
            problems.append(f"an operation schemathesis cannot read: {result.err()}")
            continue
        operation = result.ok()
        answered = statuses[operation.label] = Counter()
        generation = schema.config.generation_for(operation=operation, phase="fuzzing")
        strategy = hypothesis.strategies.one_of(
            [operation.as_strategy(generation_mode=mode) for mode in generation.modes])

        @hypothesis.given(case=strategy)
        @hypothesis.settings(schema.config.get_hypothesis_settings(operation=operation, phase="fuzzing"))
        def call(case) -> None:
            shield_identity(case, identity)
            answered[case.call_and_validate().status_code] += 1  # noqa: B023 - called in this iteration

        try:
            call()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported together
            problems.append(f"{operation.label}\n{_describe(exc)}")
    return statuses, problems


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup) and not isinstance(exc, FailureGroup):
        return "\n".join(_describe(inner) for inner in exc.exceptions)
    # A FailureGroup's message is schemathesis' whole report: the failures, the response, a curl command.
    return "\n".join([f"{type(exc).__name__}: {exc}", *getattr(exc, "__notes__", [])])


def run_chains(schema: schemathesis.BaseSchema, identity: FuzzIdentity, *, scenarios: int,
               steps: int) -> tuple[Counter, list[str]]:
    """Runs the stateful scenarios; returns the statuses each operation answered and a report of
    each failed check.

    Failures are recorded as they happen: a scenario against a live server does not replay
    exactly (the server's state has moved on), so Hypothesis' own replay of a failure may not
    reproduce it, and rules that depended on earlier answers may differ from one run to the
    next (FlakyStrategyDefinition). Like schemathesis' own runner, the run generates without
    shrinking and treats that flakiness as the end of a round, not as a failure.
    """
    answered: Counter = Counter()
    failures: list[str] = []
    started = 0

    class GuardedWorkflow(schema.as_state_machine()):
        def setup(self) -> None:
            nonlocal started
            started += 1
            super().setup()

        def before_call(self, case) -> None:
            prepare_chain_step(case)
            shield_identity(case, identity)
            super().before_call(case)

        def after_call(self, response, case) -> None:
            answered[case.operation.label, response.status_code] += 1
            super().after_call(response, case)

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            try:
                super().validate_response(response, case, additional_checks=additional_checks, **kwargs)
            except FailureGroup as exc:
                failures.append(f"{case.operation.label}\n{_describe(exc)}")
                raise

    settings = hypothesis.settings(
        max_examples=scenarios, stateful_step_count=steps, phases=[hypothesis.Phase.generate], deadline=None,
        database=None, suppress_health_check=list(hypothesis.HealthCheck), print_blob=False)
    rounds = 0
    while started < scenarios and rounds < 5:  # a round cut short by flakiness is followed by another
        rounds += 1
        try:
            GuardedWorkflow.run(settings=hypothesis.settings(settings, max_examples=scenarios - started))
        except hypothesis.errors.Flaky:
            if failures:
                break
            continue
        except FailureGroup:
            pass  # recorded
        break
    return answered, failures
