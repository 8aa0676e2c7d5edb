"""/webhooks/urls, /webhooks/listeners and /webhooks/encryption-keys/{id}."""

from __future__ import annotations

from sqlalchemy import select

from paystead.db.models import WebhookIdentity, WebhookListener, WebhookSigningKey, WebhookUrl
from paystead.errors import NotFound, UnprocessableEntity
from paystead.resources.context import RequestContext
from paystead.resources.creation_states import settable_state
from paystead.resources.fields import Computed
from paystead.resources.registry import Resource, ResourceService, registry
from paystead.resources.scopes import SpaceScope
from paystead.webhooks.addresses import refusal
from paystead.webhooks.catalog import BY_ID
from paystead.webhooks.outbox import forget_listeners


def _invalid(field: str, problem: str, code: str = "invalid_webhook") -> UnprocessableEntity:
    return UnprocessableEntity(f"{field}: {problem}", code=code, errors={field: problem})


def _state(data: dict, row) -> None:
    state = settable_state(data)
    if state is not None:
        row.state = state


class WebhookUrlService(ResourceService):
    handled = ("url", "state")  # checked

    async def create(self, ctx: RequestContext, data: dict) -> WebhookUrl:
        if not data.get("url"):
            raise _invalid("url", "required")
        row = WebhookUrl(space_id=ctx.space.id, state="ACTIVE", application_managed=False, url="")
        await self.update(ctx, row, data)
        ctx.session.add(row)
        return row

    async def update(self, ctx: RequestContext, row: WebhookUrl, data: dict) -> None:
        if data.get("url") is not None:
            problem = await refusal(data["url"], ctx.settings, resolve=False)
            if problem:
                raise _invalid("url", problem, "invalid_webhook_url")
            row.url = data["url"]
        self.write(row, "WebhookUrlUpdate", data)  # also the create's: its other fields are the update's
        _state(data, row)


async def _in_space(ctx: RequestContext, model, object_id, field: str):
    row = await ctx.session.scalar(select(model).where(model.id == object_id, model.space_id == ctx.space.id,
                                                       model.state != "DELETED"))
    if row is None:
        raise _invalid(field, f"no such object in this space: {object_id}", "unknown_reference")
    return row


async def default_identity(ctx: RequestContext) -> WebhookIdentity:
    identity = await ctx.session.scalar(select(WebhookIdentity).where(
        WebhookIdentity.space_id == ctx.space.id, WebhookIdentity.state == "ACTIVE").order_by(WebhookIdentity.id))
    if identity is None:
        identity = WebhookIdentity(space_id=ctx.space.id, name="Default", state="ACTIVE")
        ctx.session.add(identity)
        await ctx.session.flush()
    return identity


class WebhookListenerService(ResourceService):
    # Checked (the first three by the create); an explicit null notifyEveryChange changes nothing.
    handled = ("entity", "url", "identity", "state", "entityStates", "notifyEveryChange")

    async def create(self, ctx: RequestContext, data: dict) -> WebhookListener:
        entity = BY_ID.get(data["entity"])
        if entity is None:
            raise _invalid("entity", f"no listener entity {data['entity']} (see the README's catalog)",
                           "unknown_listener_entity")
        url = await _in_space(ctx, WebhookUrl, data["url"], "url")
        identity = await _in_space(ctx, WebhookIdentity, data["identity"], "identity") \
            if data.get("identity") is not None else await default_identity(ctx)
        row = WebhookListener(space_id=ctx.space.id, entity=entity.id, url_id=url.id, identity_id=identity.id,
                              state="ACTIVE", notify_every_change=False)
        await self.update(ctx, row, data)
        ctx.session.add(row)
        return row

    async def update(self, ctx: RequestContext, row: WebhookListener, data: dict) -> None:
        if "entityStates" in data:
            states = list(dict.fromkeys(data["entityStates"] or []))
            known = BY_ID[row.entity].states
            unknown = [state for state in states if state not in known]
            if unknown:
                raise _invalid("entityStates", f"{unknown[0]} is not a state of {BY_ID[row.entity].technical_name} "
                                               f"({', '.join(known)})")
            row.entity_states = states
        self.write(row, "WebhookListenerUpdate", data)  # also the create's: its other fields are the update's
        if data.get("notifyEveryChange") is not None:
            row.notify_every_change = data["notifyEveryChange"]
        _state(data, row)
        forget_listeners(ctx.session.sync_session)

    async def delete(self, ctx: RequestContext, row: WebhookListener) -> None:
        forget_listeners(ctx.session.sync_session)  # before the flush that marks it deleted
        await super().delete(ctx, row)


webhook_urls = registry.add(Resource(
    name="WebhookUrl",
    model=WebhookUrl,
    sdk_name="webhooks_urls",
    permission="WEBHOOK_URL",
    scope=SpaceScope(WebhookUrl.space_id),
    # A deleted webhook URL or listener stays readable with state DELETED, as wallee shows it
    # (its SDK suite reads a deleted listener back); it no longer delivers. Nothing purges it, so
    # its plannedPurgeDate stays empty, as the contract says of objects that are not removed.
    soft_delete=True,
    stays_after_delete=True,
    service=WebhookUrlService(),
))

webhook_listeners = registry.add(Resource(
    name="WebhookListener",
    model=WebhookListener,
    sdk_name="webhooks_listeners",
    permission="WEBHOOK_LISTENER",
    scope=SpaceScope(WebhookListener.space_id),
    soft_delete=True,
    stays_after_delete=True,  # as webhook URLs
    service=WebhookListenerService(),
    overrides={
        "entityStates": Computed(lambda row, ctx: list(row.entity_states or [])),
        "identity": Computed(lambda row, ctx: {"id": row.identity_id} if row.identity_id else None),
        "enablePayloadSignatureAndState": Computed(lambda row, ctx: True),
    },
))


@registry.operation("get_webhooks_encryption_keys_id")
async def encryption_key(ctx: RequestContext) -> str:
    """The public key (base64 DER) that verifies messages signed with ``keyId``."""
    key_id = ctx.param("id")
    row = await ctx.session.get(WebhookSigningKey, key_id) if key_id and len(key_id) <= 40 else None
    if row is None:
        raise NotFound(f"No webhook encryption key {key_id!r}", code="unknown_key", errors={"id": str(key_id)[:40]})
    return row.public_key
