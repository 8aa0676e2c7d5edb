"""/application-users (with keys), /human-users (with the CSV export) and /single-sign-on-users.

A key of another user lets the caller act as that user: the caller must hold everything that
user holds, where it holds it (permissions/escalation.py). A key of one's own gives nothing new.
Revoking a key must leave every account administered (permissions/administration.py).
"""

from __future__ import annotations

from paystead.db.models import User
from paystead.domains.tenancy import require_account
from paystead.resources.export import export_csv
from paystead.domains.users.role_assignments import register_role_assignments
from paystead.domains.users.keys import issue_key, key_metadata, list_keys, revoke_key
from paystead.domains.users.service import PURGE_AFTER, ApplicationUserService, UserService
from paystead.errors import NotFound
from paystead.permissions.administration import keeping_administration
from paystead.permissions.escalation import powers_of_user, require_no_escalation
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import AccountScope

# Properties the SDK's human and single sign-on user models lack (wallee returns them).
_COMMON = {
    "id": Column(User.id, type="int"),
    "state": Column(User.state, type="CreationEntityState"),
    "plannedPurgeDate": Column(User.planned_purge_date, type="datetime"),
    "version": Column(User.version, type="int"),
}


def _user_resource(name: str, sdk_name: str, user_type: str, fields: dict, service) -> Resource:
    return registry.add(Resource(
        name=name,
        model=User,
        sdk_name=sdk_name,
        permission=user_type,
        scope=AccountScope(User.primary_account_id, created_under="primaryAccount"),
        live=lambda user: user.user_type == user_type,
        soft_delete=True,
        purge_after=PURGE_AFTER,
        service=service,
        overrides={**_COMMON, **fields},
    ))


application_users = _user_resource("ApplicationUser", "application_users", "APPLICATION_USER", {
    "userType": Computed(lambda row, ctx: "APPLICATION_USER"),
    # Only in the response to the create: the first key, shown once.
    "macKey": Computed(lambda row, ctx: getattr(row, "issued_key", None)),
}, ApplicationUserService())

human_users = _user_resource("HumanUser", "human_users", "HUMAN_USER", {
    "userType": Computed(lambda row, ctx: "HUMAN_USER"),
}, UserService("HUMAN_USER"))

single_sign_on_users = _user_resource("SingleSignOnUser", "single_sign_on_users", "SINGLE_SIGN_ON_USER", {
    "userType": Computed(lambda row, ctx: "SINGLE_SIGNON_USER"),
}, UserService("SINGLE_SIGN_ON_USER"))


@application_users.action("get_application_users_user_id_keys")
async def get_keys(ctx: RequestContext) -> list[dict]:
    user = await application_users.get_for(ctx, ctx.param("userId"), "read")
    await _require_key_permission(ctx, user)
    return await list_keys(ctx, user.id)


@application_users.action("post_application_users_user_id_keys")
async def create_key(ctx: RequestContext) -> dict:
    user = await application_users.get_for(ctx, ctx.param("userId"), "read")
    await _require_key_permission(ctx, user)
    if user.id != ctx.caller.user_id:
        require_no_escalation(ctx.caller, await powers_of_user(ctx.session, user.id),
                              f"A key of application user {user.id}")
    key, shown_once = await issue_key(ctx.session, ctx.state.vault, user.id)
    return {**key_metadata(key), "key": shown_once}


@application_users.action("delete_application_users_user_id_keys_id")
async def delete_key(ctx: RequestContext) -> None:
    user = await application_users.get_for(ctx, ctx.param("userId"), "read")
    await _require_key_permission(ctx, user)
    async with keeping_administration(ctx):
        if not await revoke_key(ctx, user.id, ctx.param("id")):
            raise NotFound(f"Key {ctx.param('id')} of application user {user.id} was not found")


async def _require_key_permission(ctx: RequestContext, user: User) -> None:
    await require_account(ctx, user.primary_account_id, "APPLICATION_USER_KEY")


@human_users.action("get_human_users_export")
async def export(ctx: RequestContext):
    return await export_csv(ctx, human_users)


register_role_assignments(application_users, "application_users")
register_role_assignments(human_users, "human_users")
register_role_assignments(single_sign_on_users, "single_sign_on_users")
