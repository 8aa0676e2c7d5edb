"""``paystead webhooks ...``: look at deliveries, send one again, rotate the signing key (on
the server's database), and forward a space's webhooks to a local URL (through the API, from
any machine: no tunnel needed, the CLI pulls).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import signal
import time
import uuid
from urllib.parse import urlsplit

import httpx
import jwt
from sqlalchemy import select

from paystead.clock import wall_now
from paystead.db.models import WebhookAttempt, WebhookDelivery
from paystead.db.unit_of_work import unit_of_work
from paystead.modules import create_state
from paystead.settings import Settings
from paystead.setup_errors import SetupError
from paystead.webhooks.addresses import FORWARD_SCHEME
from paystead.webhooks.catalog import BY_ID, ENTITIES
from paystead.webhooks.delivery import requeue
from paystead.webhooks.signing import rotate

_API = "/api/v2.0"


# --- on the server's database -------------------------------------------------------------------

async def _with_state(settings: Settings, work):
    state = create_state(settings)
    try:
        return await work(state)
    finally:
        await state.close()


def list_deliveries(settings: Settings, *, space: int | None, state_name: str | None, limit: int) -> int:
    async def work(state):
        async with unit_of_work(state.sessions, writes=False) as session:
            statement = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
            if space is not None:
                statement = statement.where(WebhookDelivery.space_id == space)
            if state_name:
                statement = statement.where(WebhookDelivery.state == state_name.upper())
            return (await session.scalars(statement)).all()

    rows = asyncio.run(_with_state(settings, work))
    print(f"{'id':>8} {'space':>6} {'listener':>8} {'entity':<22} {'entity id':>10} {'entity state':<14} "
          f"{'delivery':<10} {'tries':>5} {'last':>5}  created")
    for row in reversed(rows):
        entity = BY_ID.get(row.entity)
        print(f"{row.id:>8} {row.space_id:>6} {row.listener_id:>8} {entity.technical_name if entity else row.entity:<22} "
              f"{row.entity_id:>10} {row.entity_state or '':<14} {row.state:<10} {row.attempts:>5} "
              f"{row.last_status or '':>5}  {row.created_on:%Y-%m-%d %H:%M:%S}")
    return 0


def _when(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC"


def describe_delivery(row: WebhookDelivery) -> str:
    """One line: its state, how often it was tried, and what comes next (a next attempt only
    while it is pending; delivered and failed deliveries are not tried again on their own)."""
    tries = f"{row.attempts} attempt{'' if row.attempts == 1 else 's'}"
    line = (f"delivery {row.id}: {row.state}, {tries}, listener {row.listener_id}, "
            f"entity {row.entity} #{row.entity_id} {row.entity_state or ''}".rstrip())
    if row.state == "PENDING":
        return f"{line}, next attempt {_when(row.next_attempt_on)}"
    if row.state == "DELIVERED" and row.delivered_on is not None:
        return f"{line}, delivered {_when(row.delivered_on)}"
    return line


def show_delivery(settings: Settings, delivery_id: int) -> int:
    async def work(state):
        async with unit_of_work(state.sessions, writes=False) as session:
            row = await session.get(WebhookDelivery, delivery_id)
            attempts = (await session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id)
                                              .order_by(WebhookAttempt.id))).all()
            return row, attempts

    row, attempts = asyncio.run(_with_state(settings, work))
    if row is None:
        print(f"No delivery {delivery_id}.")
        return 1
    print(describe_delivery(row))
    for attempt in attempts:
        outcome = attempt.status_code if attempt.status_code is not None else attempt.error
        print(f"  {attempt.started_on:%Y-%m-%d %H:%M:%S}  {attempt.duration_ms:>6} ms  {outcome}  "
              f"{(attempt.response_excerpt or '')[:80]!r}")
    return 0


def resend(settings: Settings, delivery_id: int) -> int:
    async def work(state):
        async with unit_of_work(state.sessions, writes=True) as session:
            original = await session.get(WebhookDelivery, delivery_id)
            return None if original is None else (await requeue(session, original)).id

    new_id = asyncio.run(_with_state(settings, work))
    if new_id is None:
        print(f"No delivery {delivery_id}.")
        return 1
    print(f"Delivery {delivery_id} queued again as delivery {new_id}.")
    return 0


def rotate_key(settings: Settings) -> int:
    async def work(state):
        async with unit_of_work(state.sessions, writes=True) as session:
            return (await rotate(session, state.webhook_keys)).id

    key_id = asyncio.run(_with_state(settings, work))
    print(f"New signing key {key_id}; older keys are retired and stay readable.")
    return 0


# --- forwarding, through the API -----------------------------------------------------------------

def absolute_http_url(value: str, option: str, example: str) -> str:
    """``value`` when it is an absolute http(s) URL, else a SetupError naming ``option``."""
    parts = urlsplit(value.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok \
            or any(c.isspace() for c in value.strip()):
        raise SetupError(f"{option} {value!r} is not an absolute http(s) URL", f"give one such as {option} {example}")
    return value.strip()


class ApiClient:
    """Calls Paystead's API as the wallee SDKs do (a JWT per request)."""

    def __init__(self, server: str, user_id: int, key: str, space: int) -> None:
        self.server = server.rstrip("/")
        self.user_id = user_id
        self.secret = base64.b64decode(key)
        self.space = space
        self.http = httpx.Client(timeout=30)

    @classmethod
    def checked(cls, server: str, user_id: str | None, key: str | None, space: str | None) -> ApiClient:
        """A client for the options as given, each checked first (never showing the key)."""
        server = absolute_http_url(server, "--server", "http://127.0.0.1:8000")
        if not key or not user_id:
            raise SetupError("forward needs an application user id and its authentication key",
                             "give --user-id and --key (or PAYSTEAD_USER_ID and PAYSTEAD_AUTHENTICATION_KEY), "
                             "as `paystead bootstrap` printed them")
        if not (user_id.strip().isascii() and user_id.strip().isdigit()):
            raise SetupError(f"the application user id {user_id!r} is not a number",
                             "give the id `paystead bootstrap` printed (--user-id or PAYSTEAD_USER_ID)")
        try:
            base64.b64decode(key, validate=True)
        except (binascii.Error, ValueError) as error:
            raise SetupError("the authentication key is not valid base64",
                             "copy it exactly as `paystead bootstrap` printed it (--key or "
                             "PAYSTEAD_AUTHENTICATION_KEY)") from error
        if not space:
            raise SetupError("forward needs the space whose webhooks to pass on",
                             "give --space (or PAYSTEAD_SPACE_ID), as `paystead bootstrap` printed it")
        if not (str(space).strip().isascii() and str(space).strip().isdigit()):
            raise SetupError(f"the space id {space!r} is not a number",
                             "give the id `paystead bootstrap` printed (--space or PAYSTEAD_SPACE_ID)")
        return cls(server, int(user_id), key, int(space))

    def call(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            return self._call(method, path, **kwargs)
        except httpx.TransportError as error:
            raise SetupError(f"cannot reach Paystead at {self.server} ({type(error).__name__})",
                             "start it (paystead serve) or point --server at it") from error

    def _call(self, method: str, path: str, **kwargs) -> httpx.Response:
        url = f"{self.server}{_API}{path}"
        parts = urlsplit(url)
        path_and_query = parts.path + (f"?{parts.query}" if parts.query else "")
        params = kwargs.pop("params", None)
        if params:
            path_and_query += ("&" if "?" in path_and_query else "?") + str(httpx.QueryParams(params))
            url = f"{self.server}{path_and_query}"
        token = jwt.encode({"sub": str(self.user_id), "iat": int(time.time()), "requestPath": path_and_query,
                            "requestMethod": method}, self.secret, algorithm="HS256", headers={"ver": 1})
        response = self.http.request(method, url, headers={"Authorization": f"Bearer {token}",
                                                           "Space": str(self.space)}, **kwargs)
        if response.status_code == 401:
            raise SetupError(f"Paystead at {self.server} refused the application user {self.user_id} and its key",
                             "give the --user-id and --key that `paystead bootstrap` printed")
        if response.status_code >= 400:
            raise SystemExit(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response


def forward(client: ApiClient, target: str, entity_ids: list[int], *, once: bool = False, poll: float = 1.0) -> int:
    """Creates a pulling URL and listeners for ``entity_ids`` in the space, passes every message
    on to ``target`` with its signature, reports each attempt, and removes them on exit."""
    url = client.call("POST", "/webhooks/urls", json={"name": "paystead webhooks forward",
                                                      "url": f"{FORWARD_SCHEME}://{uuid.uuid4().hex}"}).json()
    listeners = [client.call("POST", "/webhooks/listeners", json={
        "name": f"forward {BY_ID[entity].technical_name}"[:50], "entity": entity, "url": url["id"]}).json()
        for entity in entity_ids]
    print(f"Forwarding webhooks of space {client.space} to {target} "
          f"({', '.join(BY_ID[e].technical_name for e in entity_ids)}). Ctrl+C stops.", flush=True)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    local = httpx.Client(timeout=10)
    try:
        while not stopping:
            pulled = client.call("POST", "/paystead/webhooks/deliveries/pull", params={"url": url["id"]}).json()
            for message in pulled["data"]:
                started = time.perf_counter()
                report: dict = {}
                try:
                    answer = local.post(target, content=message["body"].encode(), headers={
                        "Content-Type": "application/json", "X-Signature": message["signature"]})
                    report = {"statusCode": answer.status_code, "responseExcerpt": answer.text[:1000]}
                except httpx.HTTPError as error:
                    report = {"error": f"{type(error).__name__}: {error}"[:500]}
                report["durationMs"] = int((time.perf_counter() - started) * 1000)
                client.call("POST", f"/paystead/webhooks/deliveries/{message['id']}/attempts", json=report)
                body = json.loads(message["body"])
                print(f"{wall_now():%H:%M:%S}  {body['listenerEntityTechnicalName']} {body['entityId']} "
                      f"{body.get('state')}  -> {report.get('statusCode', report.get('error'))} "
                      f"({report['durationMs']} ms)", flush=True)
            if once:
                break
            if not pulled["data"]:
                time.sleep(poll)
    finally:
        signal.signal(signal.SIGINT, previous)
        for listener in listeners:
            client.call("DELETE", f"/webhooks/listeners/{listener['id']}")
        client.call("DELETE", f"/webhooks/urls/{url['id']}")
        print("Stopped forwarding; its listeners are removed.", flush=True)
    return 0


def entity_ids(names: list[str] | None) -> list[int]:
    if not names:
        return [entity.id for entity in ENTITIES if entity.source == "event"]
    chosen = []
    for name in names:
        match = next((e for e in ENTITIES if name in (str(e.id), e.technical_name)), None)
        if match is None:
            raise SystemExit(f"Unknown listener entity {name!r}; one of: "
                             + ", ".join(e.technical_name for e in ENTITIES))
        chosen.append(match.id)
    return chosen
