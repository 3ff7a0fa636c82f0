"""Events over RabbitMQ: the transactional outbox relay and the idempotent (inbox) consumer.

Delivery is at least once end to end: the relay may publish an event twice (a confirm lost in a broker
crash, a commit failing after the confirm), so every consumer records each event id in its inbox in the
same transaction as the event's effect, and a redelivered event has no second effect.

Topology: one durable topic exchange (declared by every relay and consumer on connect); per consumer a
quorum queue with a delivery limit, a TTL'd retry queue that dead-letters back to it, and a dead-letter
queue, bound to the message types of the consumer's handler map, which is the only list of what a
service subscribes to. A consumer declares its queue on connect, and each service declares its queues at
release, before any relay runs (``python -m <service>.entrypoints.consumer --declare-queues``, run by
``make run``/``make demo-reset`` and the migration Jobs), so no event is published before the queues that
want it exist. This module names no service.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pika
import pika.exceptions
import psycopg
from google.protobuf import message_factory, symbol_database
from google.protobuf.message import Message
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from maintfund_common.db import OUTBOX_WAKEUP_CHANNEL, Database, UnitOfWork, is_postgres, utcnow
from maintfund_common.logging_setup import new_request_id, reset_request_id, set_request_id
from maintfund_common.metrics import CONSUMER_EVENTS, CONSUMER_QUEUE_DEPTH, OUTBOX_BACKLOG, OUTBOX_PUBLISHED

log = logging.getLogger(__name__)

EXCHANGE = "maintfund.events"
RETRY_HEADER = "x-retry-count"

_CONNECTION_ERRORS = (
    pika.exceptions.AMQPConnectionError,
    pika.exceptions.AMQPChannelError,
    pika.exceptions.StreamLostError,
    ConnectionError,
    OSError,
)
# The database is unreachable or restarting (or a transient serialization failure): wait and retry.
_DATABASE_ERRORS = (OperationalError, InterfaceError)


def queue_name(service: str) -> str:
    return f"{service}.events"


def connection_parameters(amqp_url: str) -> pika.URLParameters:
    params = pika.URLParameters(amqp_url)
    params.heartbeat = 30
    # Without it a connection blocked by a broker alarm waits forever.
    params.blocked_connection_timeout = 60
    params.socket_timeout = 10
    params.connection_attempts = 1
    return params


Channel = pika.adapters.blocking_connection.BlockingChannel


def declare_exchange(channel: Channel) -> None:
    channel.exchange_declare(EXCHANGE, exchange_type="topic", durable=True)


def declare_topology(
    channel: Channel,
    subscriptions: Mapping[str, Iterable[str]],
    retry_delay_ms: int = 2000,
    delivery_limit: int = 10,
) -> None:
    """The exchange, and for each queue (name -> the message types it takes) its retry and dead-letter
    queues and its bindings. Idempotent."""
    declare_exchange(channel)
    for main, event_types in subscriptions.items():
        retry, dead = f"{main}.retry", f"{main}.dlq"
        channel.queue_declare(dead, durable=True, arguments={"x-queue-type": "quorum"})
        channel.queue_declare(
            main,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": delivery_limit,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": dead,
            },
        )
        channel.queue_declare(
            retry,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-message-ttl": retry_delay_ms,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": main,
            },
        )
        for event_type in event_types:
            channel.queue_bind(main, EXCHANGE, routing_key=event_type)


def _backoff(attempt: int) -> float:
    return min(0.2 * 2**attempt, 5.0)


class OutboxWakeup:
    """Lets an idle relay sleep until a transaction that wrote to the outbox commits.

    On PostgreSQL it LISTENs on the channel the outbox's statement trigger NOTIFYs (delivered at commit,
    never for a rolled-back write), and still looks at the table every ``fallback_s`` in case a
    notification was missed (the LISTEN connection dropped, the trigger not migrated yet). Elsewhere
    (SQLite), or while the LISTEN connection is down, the relay polls every ``poll_s``. Polling four
    relays twenty times a second cost a tenth of the machine's CPU while the suite was idle.
    """

    def __init__(self, db: Database, poll_s: float, fallback_s: float = 1.0) -> None:
        self.poll_s = poll_s
        self.fallback_s = fallback_s
        self._url = db.engine.url.set(drivername="postgresql") if is_postgres(db.engine) else None
        self._conn: psycopg.Connection | None = None
        self._retry_at = 0.0

    def wait(self, connection: pika.BlockingConnection, stop: threading.Event) -> bool:
        """Sleep until woken, the fallback interval passes or ``stop`` is set, keeping the broker
        connection's heartbeats flowing; True when a commit woke it."""
        listener = self._listener()
        if listener is None:
            connection.sleep(self.poll_s)
            return False
        deadline = time.monotonic() + self.fallback_s
        while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
            try:
                # every notification already queued comes back together: one wake-up for a burst of commits
                notified = bool(list(listener.notifies(timeout=min(left, 1.0), stop_after=1)))
            except psycopg.Error as exc:
                log.warning("relay lost its wake-up connection; polling", extra={"error": str(exc)})
                self.close()
                return False
            connection.process_data_events(time_limit=0)
            if notified:
                return True
        return False

    def _listener(self) -> psycopg.Connection | None:
        if self._url is None or (self._conn is None and time.monotonic() < self._retry_at):
            return None
        if self._conn is None:
            try:
                conn = psycopg.connect(self._url.render_as_string(hide_password=False), autocommit=True)
                conn.execute(f"LISTEN {OUTBOX_WAKEUP_CHANNEL}")
                self._conn = conn
            except psycopg.Error as exc:
                log.warning("relay cannot LISTEN for outbox commits; polling", extra={"error": str(exc)})
                self._retry_at = time.monotonic() + 5.0
                return None
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._retry_at = time.monotonic() + 1.0


class OutboxRelay:
    """Moves committed outbox rows to the broker with publisher confirms, oldest first."""

    def __init__(
        self,
        db: Database,
        amqp_url: str,
        batch_size: int = 200,
        idle_sleep: float = 0.05,
        wakeup_fallback_s: float = 1.0,
    ) -> None:
        self.db = db
        self.amqp_url = amqp_url
        self.batch_size = batch_size
        self.idle_sleep = idle_sleep  # between polls where commits cannot wake the relay (SQLite)
        self.wakeup_fallback_s = wakeup_fallback_s
        self.outbox = db.outbox

    def relay_batch(self, channel: pika.adapters.blocking_connection.BlockingChannel) -> int:
        """Publish one batch; rows are marked published only after the broker confirmed each one."""
        query = select(self.outbox).where(self.outbox.c.published_at.is_(None)).order_by(self.outbox.c.id)
        query = query.limit(self.batch_size)
        if is_postgres(self.db.engine):
            query = query.with_for_update(skip_locked=True)  # several relay replicas share the work
        with self.db.engine.begin() as conn:
            rows = conn.execute(query).all()
            for row in rows:
                properties = pika.BasicProperties(
                    message_id=row.event_id,
                    type=row.event_type,
                    content_type="application/x-protobuf",
                    delivery_mode=pika.DeliveryMode.Persistent,
                    timestamp=int(row.created_at.timestamp()) if row.created_at else None,
                    headers={"x-request-id": (row.headers or {}).get("request_id", "")},
                )
                try:
                    channel.basic_publish(EXCHANGE, row.event_type, row.payload, properties, mandatory=True)
                except pika.exceptions.UnroutableError:
                    # No queue is bound to this type (no consumer's handler map names it): nobody can
                    # miss it, since every service's queues are declared at release, before relays run.
                    log.info("event has no subscriber", extra={"event_type": row.event_type})
                OUTBOX_PUBLISHED.inc()
            if rows:
                conn.execute(
                    update(self.outbox)
                    .where(self.outbox.c.id.in_([r.id for r in rows]))
                    .values(published_at=utcnow())
                )
        return len(rows)

    def backlog(self) -> int:
        from sqlalchemy import func

        with self.db.reader.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(self.outbox).where(self.outbox.c.published_at.is_(None))
                ).scalar_one()
            )

    def run(self, stop: threading.Event) -> None:
        wakeup = OutboxWakeup(self.db, self.idle_sleep, self.wakeup_fallback_s)
        try:
            self._run(stop, wakeup)
        finally:
            wakeup.close()

    def _run(self, stop: threading.Event, wakeup: OutboxWakeup) -> None:
        attempt = 0
        while not stop.is_set():
            try:
                connection = pika.BlockingConnection(connection_parameters(self.amqp_url))
                try:
                    channel = connection.channel()
                    channel.confirm_delivery()
                    declare_exchange(channel)
                    log.info("relay connected")
                    last_gauge = 0.0
                    while not stop.is_set():
                        sent = self.relay_batch(channel)
                        attempt = 0  # only a batch that went through ends the backoff, not a connect
                        if time.monotonic() - last_gauge > 5:
                            OUTBOX_BACKLOG.set(self.backlog())
                            last_gauge = time.monotonic()
                        if sent < self.batch_size:
                            wakeup.wait(connection, stop)
                finally:
                    if connection.is_open:
                        connection.close()
            except (*_CONNECTION_ERRORS, *_DATABASE_ERRORS) as exc:
                # the batch's transaction rolled back: its rows stay unpublished and go out again
                delay = _backoff(attempt)
                attempt += 1
                log.warning(
                    "relay lost the broker or the database; reconnecting",
                    extra={"error": str(exc), "in_s": delay},
                )
                stop.wait(delay)


EventHandler = Callable[[UnitOfWork, Message], None]


@dataclass(frozen=True)
class ConsumerSettings:
    service: str
    prefetch: int = 20
    max_retries: int = 5
    queue: str = ""  # a work queue (e.g. invoice.issue); empty: the service's event queue


def _parse(event_type: str, body: bytes) -> Message:
    # The event types must be registered even when no handler module imported them.
    from maintfund.events.v1 import events_pb2  # noqa: F401

    descriptor = symbol_database.Default().pool.FindMessageTypeByName(event_type)
    message = message_factory.GetMessageClass(descriptor)()
    message.ParseFromString(body)
    return message


class InboxConsumer:
    """Applies each event at most once: inbox row + effect commit together, then the ack."""

    def __init__(
        self,
        db: Database,
        amqp_url: str,
        settings: ConsumerSettings,
        handlers: Mapping[str, EventHandler],
    ) -> None:
        self.db = db
        self.amqp_url = amqp_url
        self.settings = settings
        self.handlers = dict(handlers)
        self.queue = settings.queue or queue_name(settings.service)
        self.inbox = db.metadata.tables["inbox"]
        self._stop: threading.Event | None = None

    @property
    def subscription(self) -> dict[str, tuple[str, ...]]:
        """Its queue and the message types bound to it: exactly those its handler map handles."""
        return {self.queue: tuple(sorted(self.handlers))}

    def declare(self) -> None:
        """Declare the queue and its bindings, then disconnect (a release step: see the module's text)."""
        connection = pika.BlockingConnection(connection_parameters(self.amqp_url))
        try:
            declare_topology(connection.channel(), self.subscription)
        finally:
            connection.close()
        log.info("queue declared", extra={"queue": self.queue, "types": ",".join(sorted(self.handlers))})

    def apply(self, event_type: str, event_id: str, body: bytes) -> str:
        """Apply one event in its own transaction. Returns the outcome (applied, duplicate, ignored)."""
        handler = self.handlers.get(event_type)
        if handler is None:
            return "ignored"
        message = _parse(event_type, body)
        try:
            with self.db.unit_of_work() as uow:
                seen = uow.session.execute(
                    select(self.inbox.c.event_id).where(self.inbox.c.event_id == event_id)
                ).first()
                if seen:
                    return "duplicate"
                uow.session.execute(
                    self.inbox.insert().values(event_id=event_id, event_type=event_type, received_at=utcnow())
                )
                handler(uow, message)
                uow.commit()
        except IntegrityError:
            # A concurrent delivery of the same event committed first, or the effect itself broke a
            # constraint: only the first is a duplicate; the second must not be acked as if applied.
            if self._in_inbox(event_id):
                return "duplicate"
            raise
        return "applied"

    def _in_inbox(self, event_id: str) -> bool:
        with self.db.reader.connect() as conn:
            found = conn.execute(select(self.inbox.c.event_id).where(self.inbox.c.event_id == event_id))
            return found.first() is not None

    def _apply_holding_through_db_outage(
        self,
        channel: pika.adapters.blocking_connection.BlockingChannel,
        event_type: str,
        event_id: str,
        body: bytes,
    ) -> str:
        """A database outage is not the event's fault: hold it (unacked, heartbeats flowing) and retry,
        rather than spend its bounded retries and dead-letter it. On stop, leave it unacked: the broker
        delivers it again."""
        attempt = 0
        while True:
            try:
                return self.apply(event_type, event_id, body)
            except _DATABASE_ERRORS as exc:
                if self._stop is not None and self._stop.is_set():
                    raise
                delay = _backoff(attempt)
                attempt += 1
                log.warning(
                    "database unavailable; holding the event",
                    extra={"event_id": event_id, "error": str(exc), "in_s": delay},
                )
                channel.connection.sleep(delay)

    def _on_message(
        self,
        channel: pika.adapters.blocking_connection.BlockingChannel,
        method: pika.spec.Basic.Deliver,
        props: pika.BasicProperties,
        body: bytes,
    ) -> None:
        headers = props.headers or {}
        rid = set_request_id(str(headers.get("x-request-id") or new_request_id()))
        try:
            outcome = self._apply_holding_through_db_outage(
                channel, props.type or "", props.message_id or "", body
            )
        except _DATABASE_ERRORS:
            raise  # stopping during an outage: no ack, the event comes back
        except Exception:
            retries = int(headers.get(RETRY_HEADER, 0))
            dead = retries >= self.settings.max_retries
            target = f"{self.queue}.dlq" if dead else f"{self.queue}.retry"
            log.exception(
                "event handler failed",
                extra={
                    "event_type": props.type,
                    "event_id": props.message_id,
                    "retries": retries,
                    "to": target,
                },
            )
            props.headers = {**headers, RETRY_HEADER: retries + 1}
            channel.basic_publish("", target, body, props, mandatory=True)
            outcome = "dead_lettered" if dead else "retried"
        finally:
            reset_request_id(rid)
        CONSUMER_EVENTS.labels(self.queue, outcome).inc()
        channel.basic_ack(method.delivery_tag)

    def run(self, stop: threading.Event) -> None:
        self._stop = stop
        attempt = 0
        while not stop.is_set():
            try:
                connection = pika.BlockingConnection(connection_parameters(self.amqp_url))
                try:
                    channel = connection.channel()
                    channel.confirm_delivery()  # retry/DLQ copies are confirmed before the ack
                    declare_topology(channel, self.subscription)
                    channel.basic_qos(prefetch_count=self.settings.prefetch)
                    log.info("consumer connected", extra={"queue": self.queue})
                    last_gauge = 0.0
                    for method, props, body in channel.consume(self.queue, inactivity_timeout=0.5):
                        if method is not None:
                            self._on_message(channel, method, props, body)
                        attempt = 0  # only a working consume ends the backoff, not a connect
                        if time.monotonic() - last_gauge > 10:
                            depth = channel.queue_declare(self.queue, passive=True).method.message_count
                            CONSUMER_QUEUE_DEPTH.labels(self.queue).set(depth)
                            last_gauge = time.monotonic()
                        if stop.is_set():
                            break
                    channel.cancel()  # unacked prefetched messages go back to the queue
                finally:
                    if connection.is_open:
                        connection.close()
            except (*_CONNECTION_ERRORS, *_DATABASE_ERRORS) as exc:
                delay = _backoff(attempt)
                attempt += 1
                log.warning(
                    "consumer lost the broker; reconnecting",
                    extra={"queue": self.queue, "error": str(exc), "in_s": delay},
                )
                stop.wait(delay)
