"""No escalation: every operation that can give power, tried by callers holding every combination
of a representative set of permissions, succeeds exactly when the caller holds every permission
the result gives (where it gives it), and a refused call changes nothing. And the last
administration of an account cannot be removed, by any path.

All calls are raw HTTP with real JWTs against the session's server (SQLite and PostgreSQL).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.security.support import Identity, error_problem

ALL = 1
APP_USER_READ, APP_USER_UPDATE, APP_USER_DELETE, KEYS = 311, 313, 314, 315
ROLE_ASSIGN, ROLE_ASSIGNMENTS_READ = 342, 341
ROLE_READ, ROLE_CREATE, ROLE_UPDATE = 401, 402, 403
ACCOUNT_READ, ACCOUNT_CREATE = 101, 102
SPACE_READ, SPACE_CREATE = 201, 202
TRANSACTION_READ = 801

# The callers of the matrix hold every subset of these, on the matrix account, each once with and
# once without "applies on sub-accounts".
REPRESENTATIVE = (APP_USER_READ, KEYS, ROLE_ASSIGN, ROLE_CREATE, ROLE_UPDATE, TRANSACTION_READ)


def unique(label: str) -> str:
    return f"{label} {uuid.uuid4().hex[:8]}"


def new_role(api, owner: Identity, account: int, permissions, label="Role") -> dict:
    return api.ok(owner, "POST", "/roles", json={"account": account, "name": {"en-US": unique(label)},
                                                 "permissions": [{"id": p} for p in permissions]})


def new_user(api, owner: Identity, account: int, *, grant: dict | None = None, sub_accounts=False) -> Identity:
    user = api.ok(owner, "POST", "/application-users", json={"primaryAccount": account, "name": unique("User")})
    if grant is not None:
        api.ok(owner, "POST", f"/application-users/{user['id']}/account-roles?roleId={grant['id']}"
               f"&appliesOnSubAccount={str(sub_accounts).lower()}", account=account)
    return Identity(user["id"], user["macKey"])


def active_keys(api, owner: Identity, user_id: int) -> list[int]:
    return [key["id"] for key in api.ok(owner, "GET", f"/application-users/{user_id}/keys")]


def account_grants(api, owner: Identity, user_id: int, account: int) -> list[tuple]:
    page = api.ok(owner, "GET", f"/application-users/{user_id}/account-roles", account=account)
    return sorted((g["role"], g["appliesOnSubAccount"]) for g in page["data"])


def space_grants(api, owner: Identity, user_id: int, space: int) -> list[int]:
    return sorted(g["role"] for g in api.ok(owner, "GET", f"/application-users/{user_id}/space-roles",
                                            space=space)["data"])


def role_permissions(api, owner: Identity, role_id: int) -> list[int]:
    return [p["id"] for p in api.ok(owner, "GET", f"/roles/{role_id}")["permissions"]]


def refusal_code(response) -> str | None:
    return response.json().get("code") if response.headers.get("content-type", "").startswith("application/json") \
        else None


# --- item 3 and item 6 of the issue, as reported ----------------------------------------------


def test_keys_and_reads_only_do_not_get_a_key_of_the_admin(api, admin, admin_identity):
    """Issue 13, item 3: holding only 311 and 315, a key of the account's admin was handed out."""
    role = new_role(api, admin_identity, admin.account_id, [APP_USER_READ, KEYS])
    limited = new_user(api, admin_identity, admin.account_id, grant=role)
    before = active_keys(api, admin_identity, admin.user_id)

    response = api.request(limited, "POST", f"/application-users/{admin.user_id}/keys")

    assert error_problem(response, {403}, "a key of the admin") is None
    body = response.json()
    assert body["code"] == "permission_escalation"
    assert body["errors"]["permissions"] == str(ALL), body  # the one it lacks: every permission
    assert f"account {admin.account_id}" in body["message"]
    assert active_keys(api, admin_identity, admin.user_id) == before
    # A key of its own, or of a user holding nothing, gives nothing new.
    assert api.request(limited, "POST", f"/application-users/{limited.user_id}/keys").is_success
    powerless = new_user(api, admin_identity, admin.account_id)
    assert api.request(limited, "POST", f"/application-users/{powerless.user_id}/keys").is_success


def test_an_admin_cannot_remove_its_own_last_grant(api, server):
    """Issue 13, item 6: the only administrator removing its own role grant locked the account out."""
    sandbox = server.bootstrap()
    owner = Identity(sandbox.user_id, sandbox.key)
    (role_id, _), = account_grants(api, owner, owner.user_id, sandbox.account_id)

    response = api.request(owner, "DELETE", f"/application-users/{owner.user_id}/account-roles?roleId={role_id}",
                           account=sandbox.account_id)

    assert error_problem(response, {409}, "removing the last administration") is None
    assert response.json()["code"] == "last_administration"
    assert str(sandbox.account_id) in response.json()["errors"]["accounts"]
    assert account_grants(api, owner, owner.user_id, sandbox.account_id) == [(role_id, True)]


# --- the last administration, by every path ---------------------------------------------------


@dataclass
class Sandbox:
    account: int
    space: int
    admin: Identity
    admin_role: int


@pytest.fixture()
def sandbox(api, server) -> Sandbox:
    """A top-level account of its own whose only administrator is its bootstrap user."""
    credentials = server.bootstrap()
    owner = Identity(credentials.user_id, credentials.key)
    (role_id, _), = account_grants(api, owner, owner.user_id, credentials.account_id)
    return Sandbox(credentials.account_id, credentials.space_id, owner, role_id)


def assert_last_administration(response, account: int) -> None:
    assert error_problem(response, {409}, "taking the last administration") is None
    body = response.json()
    assert body["code"] == "last_administration", body
    assert str(account) in body["errors"]["accounts"].split(", "), body
    assert "without administration" in body["message"]


def test_every_path_that_removes_the_last_administration_is_refused(api, sandbox):
    s = sandbox
    # Another user with what it takes to deactivate, delete, strip or revoke the administrator, but no admin.
    helper_role = new_role(api, s.admin, s.account, [APP_USER_READ, APP_USER_UPDATE, APP_USER_DELETE, KEYS,
                                                     ROLE_ASSIGN, ROLE_ASSIGNMENTS_READ, ROLE_READ, ROLE_UPDATE,
                                                     402, 404])
    helper = new_user(api, s.admin, s.account, grant=helper_role, sub_accounts=True)
    (key_id,) = active_keys(api, s.admin, s.admin.user_id)
    admin_path = f"/application-users/{s.admin.user_id}"
    attempts = {
        "remove the grant": (s.admin, "DELETE", f"{admin_path}/account-roles?roleId={s.admin_role}", s.account),
        "narrow the role": (s.admin, "PATCH", f"/roles/{s.admin_role}", None),
        "delete the role": (s.admin, "DELETE", f"/roles/{s.admin_role}", None),
        "revoke its only key": (s.admin, "DELETE", f"{admin_path}/keys/{key_id}", None),
        "deactivate the admin": (helper, "PATCH", admin_path, None),
        "delete the admin": (helper, "DELETE", admin_path, None),
        "revoke the admin's key": (helper, "DELETE", f"{admin_path}/keys/{key_id}", None),
        "strip the admin": (helper, "DELETE", f"{admin_path}/account-roles?roleId={s.admin_role}", s.account),
    }
    for what, (caller, method, path, account) in attempts.items():
        body = None
        if method == "PATCH" and path.startswith("/roles"):
            body = {"version": api.ok(s.admin, "GET", path)["version"], "permissions": [{"id": 100}]}
        elif method == "PATCH":
            body = {"version": api.ok(s.admin, "GET", path)["version"], "state": "INACTIVE"}
        response = api.request(caller, method, path, account=account, json=body)
        assert_last_administration(response, s.account), what
    # Nothing changed: the administrator still holds everything, with its key.
    assert account_grants(api, s.admin, s.admin.user_id, s.account) == [(s.admin_role, True)]
    assert role_permissions(api, s.admin, s.admin_role) == [ALL]
    assert active_keys(api, s.admin, s.admin.user_id) == [key_id]
    assert api.ok(s.admin, "GET", admin_path)["state"] == "ACTIVE"


def test_narrowing_the_last_grant_that_reaches_the_sub_accounts_is_refused(api, sandbox):
    s = sandbox
    grant = f"/application-users/{s.admin.user_id}/account-roles?roleId={s.admin_role}"
    # Narrowed to the account alone, nobody could administer its sub-accounts, now or later.
    assert_last_administration(api.request(s.admin, "POST", f"{grant}&appliesOnSubAccount=false",
                                           account=s.account), s.account)
    assert account_grants(api, s.admin, s.admin.user_id, s.account) == [(s.admin_role, True)]
    # A sub-account's own administrator is not the last one while the account's reaches it.
    sub = api.ok(s.admin, "POST", "/accounts", json={"scope": 1, "parentAccount": s.account, "name": unique("Sub")})
    sub_admin_role = new_role(api, s.admin, sub["id"], [ALL], "Sub admin")
    sub_admin = new_user(api, s.admin, sub["id"], grant=sub_admin_role)
    assert api.request(sub_admin, "GET", f"/accounts/{sub['id']}").is_success
    assert api.request(s.admin, "DELETE", f"/application-users/{sub_admin.user_id}/account-roles"
                       f"?roleId={sub_admin_role['id']}", account=sub["id"]).status_code == 204
    assert api.request(s.admin, "POST", f"/accounts/{sub['id']}/deactivate").status_code == 204
    assert api.request(s.admin, "DELETE", f"/accounts/{sub['id']}").status_code == 204


def test_with_a_second_administrator_the_first_can_step_down(api, sandbox):
    s = sandbox
    second = new_user(api, s.admin, s.account, grant={"id": s.admin_role}, sub_accounts=True)
    response = api.request(s.admin, "DELETE",
                           f"/application-users/{s.admin.user_id}/account-roles?roleId={s.admin_role}",
                           account=s.account)
    assert response.status_code == 204, response.text
    # Now the second one is the last: it cannot step down, and its only key cannot go.
    (key_id,) = active_keys(api, second, second.user_id)
    assert_last_administration(api.request(second, "DELETE", f"/application-users/{second.user_id}/keys/{key_id}"),
                               s.account)
    # A new key first, then the old one may go.
    api.ok(second, "POST", f"/application-users/{second.user_id}/keys")
    assert api.request(second, "DELETE", f"/application-users/{second.user_id}/keys/{key_id}").status_code == 204


# --- account and space creation give the creator nothing -------------------------------------


def test_creating_accounts_and_spaces_gives_the_creator_nothing_new(api, admin, admin_identity):
    matrix_account = api.ok(admin_identity, "POST", "/accounts",
                            json={"scope": 1, "parentAccount": admin.account_id, "name": unique("Creation")})["id"]
    creator_role = new_role(api, admin_identity, matrix_account, [ACCOUNT_CREATE, SPACE_CREATE, ROLE_CREATE,
                                                                  ACCOUNT_READ, SPACE_READ, ROLE_ASSIGN])
    creator = new_user(api, admin_identity, matrix_account, grant=creator_role)  # on the account alone
    sub = api.ok(creator, "POST", "/accounts", json={"scope": 1, "parentAccount": matrix_account,
                                                     "name": unique("Created")})
    space = api.ok(creator, "POST", "/spaces", json={"account": matrix_account, "name": unique("Created")})
    # The new sub-account is out of reach: no grant of the creator applies on sub-accounts.
    assert api.request(creator, "GET", f"/accounts/{sub['id']}").status_code in (403, 404)
    assert api.request(creator, "POST", "/roles", json={"account": sub["id"], "name": {"en-US": "x"}}).status_code \
        in (403, 404)
    # In the new space it holds what it holds on the account, and nothing more.
    assert api.request(creator, "GET", f"/spaces/{space['id']}").is_success
    assert api.request(creator, "GET", "/payment/transactions?limit=1", space=space["id"]).status_code == 403


# --- the generated escalation matrix ---------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    identity: Identity
    held: frozenset[int]
    sub_accounts: bool

    def label(self) -> str:
        return f"holding {sorted(self.held) or 'nothing'}{' (and on sub-accounts)' if self.sub_accounts else ''}"


@dataclass(frozen=True)
class PowerOperation:
    """One call that gives power: allowed exactly when the caller holds ``needs`` (to make the call
    at all) and ``gives`` (what the result gives), the latter on sub-accounts too when
    ``gives_on_sub_accounts``."""

    name: str
    needs: frozenset[int]
    gives: frozenset[int]
    gives_on_sub_accounts: bool
    call: Callable  # (api, caller identity) -> response
    undo: Callable  # (api, response) -> None, after a success
    state: Callable  # (api) -> what a refused call must leave unchanged

    def allowed(self, caller: Caller) -> bool:
        return (self.needs | self.gives) <= caller.held and (caller.sub_accounts or not self.gives_on_sub_accounts
                                                             or not self.gives)


@dataclass
class Matrix:
    account: int
    space: int
    callers: list[Caller]
    operations: list[PowerOperation]


@pytest.fixture(scope="module")
def matrix(api, admin, admin_identity) -> Matrix:
    owner = admin_identity
    account = api.ok(owner, "POST", "/accounts", json={"scope": 1, "parentAccount": admin.account_id,
                                                       "name": unique("Escalation matrix")})["id"]
    space = api.ok(owner, "POST", "/spaces", json={"account": account, "name": unique("Matrix")})["id"]

    callers = []
    for size in range(len(REPRESENTATIVE) + 1):
        for held in itertools.combinations(REPRESENTATIVE, size):
            role = new_role(api, owner, account, held, "Caller")
            for sub_accounts in (False, True):
                callers.append(Caller(new_user(api, owner, account, grant=role, sub_accounts=sub_accounts),
                                      frozenset(held), sub_accounts))

    admin_role = new_role(api, owner, account, [ALL], "Matrix admin")
    reader_role = new_role(api, owner, account, [TRANSACTION_READ], "Reader")
    targets = {
        "nothing": new_user(api, owner, account),
        "801 on the account": new_user(api, owner, account, grant=reader_role),
        "801 with sub-accounts": new_user(api, owner, account, grant=reader_role, sub_accounts=True),
        "everything": new_user(api, owner, account, grant=admin_role, sub_accounts=True),
    }
    grantee = new_user(api, owner, account)
    widened = new_role(api, owner, account, [], "Widened")  # granted with sub-accounts: adding reaches them
    api.ok(owner, "POST", f"/application-users/{grantee.user_id}/account-roles?roleId={widened['id']}"
           "&appliesOnSubAccount=true", account=account)
    ungranted = new_role(api, owner, account, [], "Ungranted")

    def key_for(name: str, gives, sub):
        target = targets[name]
        path = f"/application-users/{target.user_id}/keys"
        return PowerOperation(
            f"a key of the user holding {name}", frozenset({APP_USER_READ, KEYS}), frozenset(gives), sub,
            call=lambda api, me: api.request(me, "POST", path),
            undo=lambda api, response: api.ok(owner, "DELETE", f"{path}/{response.json()['id']}"),
            state=lambda api: active_keys(api, owner, target.user_id))

    def roles_of_account(api):
        page = api.ok(owner, "GET", f"/roles/search?limit=100&query=account:{account}")
        return sorted(r["id"] for r in page["data"])

    def create_role(gives):
        return PowerOperation(
            f"a new role with {sorted(gives)}", frozenset({ROLE_CREATE}), frozenset(gives), False,
            call=lambda api, me: api.request(me, "POST", "/roles", json={
                "account": account, "name": {"en-US": "Matrix"}, "permissions": [{"id": p} for p in gives]}),
            undo=lambda api, response: api.ok(owner, "DELETE", f"/roles/{response.json()['id']}"),
            state=roles_of_account)

    def add_to_role(role: dict, gives, sub):
        path = f"/roles/{role['id']}"
        version = [None]  # read at the first call; refused calls leave it, a success and its undo move it

        def call(api, me):
            if version[0] is None:
                version[0] = api.ok(owner, "GET", path)["version"]
            return api.request(me, "PATCH", path, json={"version": version[0],
                                                        "permissions": [{"id": p} for p in gives]})

        def undo(api, response):
            version[0] = api.ok(owner, "PATCH", path, json={"version": response.json()["version"],
                                                            "permissions": []})["version"]

        return PowerOperation(f"{sorted(gives)} added to role {role['name']['en-US']}", frozenset({ROLE_UPDATE}),
                              frozenset(gives), sub, call=call, undo=undo,
                              state=lambda api: role_permissions(api, owner, role["id"]))

    def grant_on_account(role: dict, gives, sub):
        path = f"/application-users/{grantee.user_id}/account-roles?roleId={role['id']}"
        return PowerOperation(
            f"a grant of {sorted(gives)} on the account" + (" and its sub-accounts" if sub else ""),
            frozenset({APP_USER_READ, ROLE_ASSIGN}), frozenset(gives), sub,
            call=lambda api, me: api.request(me, "POST", f"{path}&appliesOnSubAccount={str(sub).lower()}",
                                             account=account),
            undo=lambda api, response: api.ok(owner, "DELETE", path, account=account),
            state=lambda api: account_grants(api, owner, grantee.user_id, account))

    def grant_in_space(role: dict, gives):
        path = f"/application-users/{grantee.user_id}/space-roles?roleId={role['id']}"
        return PowerOperation(
            f"a grant of {sorted(gives)} in the space", frozenset({APP_USER_READ, ROLE_ASSIGN}), frozenset(gives),
            False, call=lambda api, me: api.request(me, "POST", path, space=space),
            undo=lambda api, response: api.ok(owner, "DELETE", path, space=space),
            state=lambda api: space_grants(api, owner, grantee.user_id, space))

    operations = []
    for name, gives, sub in (("nothing", [], False), ("801 on the account", [TRANSACTION_READ], False),
                             ("801 with sub-accounts", [TRANSACTION_READ], True), ("everything", [ALL], True)):
        operations.append(key_for(name, gives, sub))
    operations += [create_role([]), create_role([TRANSACTION_READ]), create_role([TRANSACTION_READ, KEYS]),
                   create_role([ALL]),
                   add_to_role(ungranted, [TRANSACTION_READ], False), add_to_role(widened, [TRANSACTION_READ], True),
                   add_to_role(widened, [ALL], True)]
    for role, gives in ((reader_role, [TRANSACTION_READ]), (admin_role, [ALL])):
        operations += [grant_on_account(role, gives, False), grant_on_account(role, gives, True),
                       grant_in_space(role, gives)]
    return Matrix(account, space, callers, operations)


def test_escalation_matrix(api, matrix):
    problems, allowed_calls = [], 0
    for op in matrix.operations:
        before = op.state(api)
        for caller in matrix.callers:
            response = op.call(api, caller.identity)
            what = f"{op.name} by a caller {caller.label()}"
            if op.allowed(caller):
                allowed_calls += 1
                if response.is_success:
                    op.undo(api, response)
                else:
                    problems.append(f"{what}: refused with {response.status_code} {response.text[:200]}")
                continue
            problem = error_problem(response, {403, 404}, what)
            if problem is None and op.needs <= caller.held and refusal_code(response) != "permission_escalation":
                problem = f"{what}: refused, but not as an escalation: {response.text[:200]}"
            if problem:
                problems.append(problem)
                if response.is_success:
                    op.undo(api, response)
        # Allowed calls were undone at once: whatever differs now, a refused call changed.
        after = op.state(api)
        if after != before:
            problems.append(f"{op.name}: refused calls left {after} instead of {before}")
    calls = len(matrix.operations) * len(matrix.callers)
    assert allowed_calls and allowed_calls < calls, "the matrix must hold both allowed and refused calls"
    assert not problems, f"{len(problems)} of {calls} calls went wrong:\n" + "\n".join(problems[:40])


def test_a_key_handed_out_by_the_matrix_works_and_holds_no_more(api, matrix, admin_identity):
    """The allowed key is a real key: it signs requests as its user, with that user's permissions."""
    caller = next(c for c in matrix.callers if c.held == frozenset(REPRESENTATIVE) and c.sub_accounts)
    reader = next(op for op in matrix.operations if op.name == "a key of the user holding 801 on the account")
    response = reader.call(api, caller.identity)
    assert response.is_success, response.text
    key = response.json()["key"]
    user_id = next(int(part) for part in response.request.url.path.split("/") if part.isdigit())
    as_target = Identity(user_id, key)
    assert api.request(as_target, "GET", "/payment/transactions?limit=1", space=matrix.space).status_code == 200
    assert api.request(as_target, "GET", f"/accounts/{matrix.account}").status_code in (403, 404)
    reader.undo(api, response)
