"""Sending the outbox: the worker claims due deliveries, sends each listener's in order, and
records every attempt.

- Order: a listener's deliveries go out in the order they were written. Only a listener's
  oldest pending delivery (its head) is ever tried; the ones after it wait while it is retried.
- Delivered means a 2xx answer within ``timeout_seconds``. Anything else is a failed attempt,
  retried after ``retry_base_seconds * 2**(failures - 1)`` (at most ``retry_max_seconds``) until
  ``max_attempts``; then the delivery is FAILED and can be sent again by hand.
- Claims: a claimed delivery carries ``claimed_until`` (a round's sending budget plus a margin,
  5 x ``timeout_seconds``); another worker, or any worker after a crash, takes it again only
  after that.
  A delivery is sent at least once; one recorded as delivered is never sent again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpcore
import httpx
from sqlalchemy import exists, insert, or_, select, update
from sqlalchemy.orm import aliased

from paystead.app_state import AppState
from paystead.clock import wall_now
from paystead.db.models import Event, WebhookAttempt, WebhookDelivery, WebhookListener, WebhookUrl
from paystead.db.unit_of_work import unit_of_work
from paystead.webhooks.addresses import FORWARD_SCHEME, UnusableUrl, send_target
from paystead.webhooks.catalog import BY_ID
from paystead.webhooks.signing import signature_header, signing_key
from paystead.worker.tasks import periodic

log = logging.getLogger("paystead.webhooks")
_EXCERPT = 1000
_PER_LISTENER = 100
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _send_budget(settings) -> float:
    """How long one round may spend on a listener; what is left waits for the next round."""
    return 3 * settings.webhooks.timeout_seconds


def _claim_seconds(settings) -> float:
    # Longer than a round can take (its budget, plus the send under way when it runs out, plus a
    # margin), so that no other worker takes a listener that is still being sent to, which would
    # break its order; short enough that a crashed worker's claims return soon (50 s by default).
    return _send_budget(settings) + 2 * settings.webhooks.timeout_seconds


def retry_delay(failures: int, settings) -> float:
    return min(settings.webhooks.retry_base_seconds * 2 ** (failures - 1), settings.webhooks.retry_max_seconds)


def payload(delivery: WebhookDelivery, created_on: datetime) -> bytes:
    """The message body as wallee sends it: compact JSON, keys in alphabetical order."""
    entity = BY_ID.get(delivery.entity)
    body = {
        "entityId": delivery.entity_id,
        "eventId": delivery.event_id,
        "listenerEntityId": delivery.entity,
        "listenerEntityTechnicalName": entity.technical_name if entity else None,
        "spaceId": delivery.space_id,
        "state": delivery.entity_state,
        "timestamp": created_on.strftime("%Y-%m-%dT%H:%M:%S+0000"),
        "webhookListenerId": delivery.listener_id,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


@dataclass
class Outgoing:
    delivery_id: int
    listener_id: int
    attempts: int
    url: str
    body: bytes
    signature: str


@dataclass
class Result:
    outgoing: Outgoing
    started_on: datetime
    duration_ms: int
    status: int | None = None
    error: str | None = None
    excerpt: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Round:
    sequences: dict[int, list[Outgoing]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(len(sequence) for sequence in self.sequences.values())


def _heads(now: datetime, limit: int, listener_ids=None):
    earlier = aliased(WebhookDelivery)
    statement = (
        select(WebhookDelivery.id, WebhookDelivery.listener_id)
        .where(WebhookDelivery.state == "PENDING", WebhookDelivery.next_attempt_on <= now,
               or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now),
               ~exists().where(earlier.listener_id == WebhookDelivery.listener_id, earlier.state == "PENDING",
                               earlier.id < WebhookDelivery.id))
        .order_by(WebhookDelivery.id).limit(limit))
    if listener_ids is not None:
        statement = statement.where(WebhookDelivery.listener_id.in_(listener_ids))
    return statement


async def claim(state: AppState, *, pulled_url_id: int | None = None, session=None) -> Round:
    """Takes the due heads of listeners (and what follows them, in order) for this worker, or,
    with ``pulled_url_id``, for ``paystead webhooks forward`` pulling the listeners of that URL."""
    if session is None:
        async with unit_of_work(state.sessions, writes=True) as session:
            return await claim(state, pulled_url_id=pulled_url_id, session=session)
    settings = state.settings
    # Deliveries wait and retry in real time (a receiver is a real server), on the wall clock, even
    # when the CLI pulls them inside a request bound to a space's clock (paystead.clock).
    now = wall_now()
    found = Round()
    listener_ids = None
    if pulled_url_id is not None:
        listener_ids = select(WebhookListener.id).where(WebhookListener.url_id == pulled_url_id).scalar_subquery()
    statement = _heads(now, settings.webhooks.batch_size, listener_ids)
    if session.bind.dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True, of=WebhookDelivery)
    heads = (await session.execute(statement)).all()
    if heads:
        key = await signing_key(session, state.webhook_keys)
        claimed_ids = []
        for head_id, listener_id in heads:
            rows = (await session.execute(
                select(WebhookDelivery, Event.created_on, WebhookListener.state, WebhookUrl.url, WebhookUrl.state)
                .join(Event, Event.id == WebhookDelivery.event_id)
                .join(WebhookListener, WebhookListener.id == WebhookDelivery.listener_id)
                .join(WebhookUrl, WebhookUrl.id == WebhookListener.url_id)
                .where(WebhookDelivery.listener_id == listener_id, WebhookDelivery.state == "PENDING",
                       WebhookDelivery.id >= head_id)
                .order_by(WebhookDelivery.id).limit(_PER_LISTENER))).all()
            sequence = []
            for delivery, created_on, listener_state, url, url_state in rows:
                if listener_state == "DELETED" or url_state == "DELETED":
                    await _give_up(session, delivery.id, "the listener or its URL was deleted")
                    continue
                pulled = url.startswith(FORWARD_SCHEME + ":")
                if listener_state != "ACTIVE" or url_state != "ACTIVE" or pulled != (pulled_url_id is not None):
                    break  # waits: an inactive listener, or one the CLI pulls (or not)
                if delivery.next_attempt_on > now or (delivery.claimed_until and delivery.claimed_until >= now):
                    break
                body = payload(delivery, created_on)
                sequence.append(Outgoing(delivery.id, listener_id, delivery.attempts, url, body,
                                         signature_header(body, key, state.webhook_keys)))
            if sequence:
                found.sequences[listener_id] = sequence
                claimed_ids += [outgoing.delivery_id for outgoing in sequence]
        if claimed_ids:
            hold = timedelta(seconds=_claim_seconds(settings))
            await session.execute(update(WebhookDelivery).where(WebhookDelivery.id.in_(claimed_ids))
                                  .values(claimed_until=now + hold).execution_options(synchronize_session=False))
    return found


async def requeue(session, original: WebhookDelivery) -> WebhookDelivery:
    """Sends a delivery's message again: a new delivery of the same event, at the end of its
    listener's queue (so that it does not hold back what came after the original)."""
    again = WebhookDelivery(space_id=original.space_id, listener_id=original.listener_id, event_id=original.event_id,
                            entity=original.entity, entity_id=original.entity_id, entity_state=original.entity_state,
                            state="PENDING", attempts=0, next_attempt_on=wall_now())
    session.add(again)
    await session.flush()
    return again


async def _give_up(session, delivery_id: int, reason: str) -> None:
    await session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
                          .values(state="FAILED", last_error=reason, claimed_until=None,
                                  version=WebhookDelivery.version + 1)
                          .execution_options(synchronize_session=False))


async def send_one(client: httpx.AsyncClient, outgoing: Outgoing, settings) -> Result:
    """One attempt, whatever happens: any failure (a URL that cannot be sent to, DNS, TLS, the
    connection, a time-out, the protocol, the answer) is this delivery's failed attempt, and
    never reaches another delivery or the round."""
    started_on = wall_now()
    started = time.perf_counter()
    try:
        async with asyncio.timeout(settings.webhooks.timeout_seconds):
            target = send_target(outgoing.url)
            async with client.stream("POST", target, content=outgoing.body, headers={
                    "Content-Type": "application/json", "X-Signature": outgoing.signature,
                    "User-Agent": "Paystead-Webhooks/1"}) as response:
                excerpt = await _excerpt(response)
        return Result(outgoing, started_on, _elapsed_ms(started), status=response.status_code, excerpt=excerpt)
    except UnusableUrl as refused:
        error = f"refused: {refused}"
    except TimeoutError:
        error = f"no answer within {settings.webhooks.timeout_seconds:g} s"
    except Exception as failure:  # noqa: BLE001 - whatever it is, it is this delivery's failure
        error = f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__
        if not isinstance(failure, (httpx.HTTPError, httpcore.NetworkError, httpcore.TimeoutException,
                                    httpcore.ProtocolError, OSError)):
            log.warning("webhooks: delivery %d failed unexpectedly: %s", outgoing.delivery_id,
                        type(failure).__name__, exc_info=True)
    return Result(outgoing, started_on, _elapsed_ms(started), error=printable(error)[:500])


async def _excerpt(response: httpx.Response) -> str:
    """The start of the answer, for the attempt's record; the rest is never read."""
    received = bytearray()
    async for chunk in response.aiter_bytes():
        received += chunk
        if len(received) >= _EXCERPT * 4:
            break
    return printable(bytes(received).decode(response.encoding or "utf-8", errors="replace"))[:_EXCERPT]


def recorded_url(url: str) -> str:
    """The URL as an attempt records it: printable, and without a user name or password (that
    an older version may have stored)."""
    return _USERINFO.sub(r"\1***@", printable(url))[:500]


def printable(text: str) -> str:
    """Text a database column holds whatever the receiver sent (PostgreSQL refuses NUL)."""
    return _UNPRINTABLE.sub("\ufffd", text)


def _elapsed_ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


async def send(state: AppState, work: Round) -> list[Result]:
    """Each listener's sequence in order, listeners side by side; a failure ends its sequence."""
    settings = state.settings
    limit = asyncio.Semaphore(settings.webhooks.concurrency)
    results: list[Result] = []

    async def run(sequence: list[Outgoing]) -> None:
        deadline = time.monotonic() + _send_budget(settings)
        for outgoing in sequence:
            if time.monotonic() > deadline:
                return  # the rest is released and waits for the next round
            async with limit:
                result = await send_one(client, outgoing, settings)
            results.append(result)
            if not result.delivered:
                return

    client = state.webhook_client()
    await asyncio.gather(*(run(sequence) for sequence in work.sequences.values()))
    return results


async def apply_results(session, results: list[Result], settings, now: datetime) -> None:
    """Records the attempts and what they mean for their deliveries: delivered, retried later,
    or given up after the last attempt. Deliveries that succeeded are updated together."""
    if not results:
        return
    await session.execute(insert(WebhookAttempt), [
        {"delivery_id": r.outgoing.delivery_id, "url": recorded_url(r.outgoing.url), "started_on": r.started_on,
         "duration_ms": r.duration_ms, "status_code": r.status, "error": r.error, "response_excerpt": r.excerpt}
        for r in results])
    by_status: dict[int, list[int]] = {}
    for result in results:
        if result.delivered:
            by_status.setdefault(result.status, []).append(result.outgoing.delivery_id)
    for status, ids in by_status.items():
        await session.execute(
            update(WebhookDelivery).where(WebhookDelivery.id.in_(ids), WebhookDelivery.state == "PENDING")
            .values(state="DELIVERED", delivered_on=now, attempts=WebhookDelivery.attempts + 1, last_status=status,
                    last_error=None, claimed_until=None, version=WebhookDelivery.version + 1)
            .execution_options(synchronize_session=False))
    for result in results:
        if result.delivered:
            continue
        failures = result.outgoing.attempts + 1
        if failures >= settings.webhooks.max_attempts:
            values = {"state": "FAILED"}
        else:
            values = {"next_attempt_on": now + timedelta(seconds=retry_delay(failures, settings))}
        await session.execute(
            update(WebhookDelivery).where(WebhookDelivery.id == result.outgoing.delivery_id,
                                          WebhookDelivery.state == "PENDING")
            .values(attempts=failures, last_status=result.status, last_error=result.error, claimed_until=None,
                    version=WebhookDelivery.version + 1, **values)
            .execution_options(synchronize_session=False))


async def release(session, delivery_ids: list[int]) -> None:
    """Claimed but not tried (behind a failure in their listener's order): they wait for it."""
    if delivery_ids:
        await session.execute(update(WebhookDelivery).where(WebhookDelivery.id.in_(delivery_ids))
                              .values(claimed_until=None).execution_options(synchronize_session=False))


async def record(state: AppState, work: Round, results: list[Result]) -> None:
    now = wall_now()
    tried = {result.outgoing.delivery_id for result in results}
    async with unit_of_work(state.sessions, writes=True) as session:
        await apply_results(session, results, state.settings, now)
        await release(session, [outgoing.delivery_id for sequence in work.sequences.values() for outgoing in sequence
                                if outgoing.delivery_id not in tried])
    delivered = sum(result.delivered for result in results)
    if results:
        log.info("webhooks: %d delivered, %d failed", delivered, len(results) - delivered)


@periodic("webhook-deliveries", lambda settings: settings.webhooks.poll_seconds)
async def deliver_webhooks(state: AppState) -> None:
    """Sends until nothing is due, then rests until the next poll."""
    while True:
        work = await claim(state)
        if not work.size:
            return
        results = await send(state, work)
        await record(state, work, results)

