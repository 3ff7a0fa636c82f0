"""The relay and consumer under faults, on fakes (no sockets).

- a broker nack (NackError) mid-batch: the batch rolls back and is published again (this one held
  before: NackError is an AMQPChannelError, which the reconnect loop catches; kept as a regression test);
- a database error (PostgreSQL restarting) used to end the relay;
- an IntegrityError raised by a handler's own effect used to be taken for "already applied": the event
  was acked and its effect lost;
- a database outage in the consumer used to burn the event's retries into the dead-letter queue.
"""

from __future__ import annotations

import threading
import time

import pika
import pika.exceptions
import pytest
from sqlalchemy import Column, Integer, Table, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from maintfund.events.v1 import events_pb2
from maintfund_common import messaging
from maintfund_common.db import Database, inbox_table, new_metadata, outbox_table
from maintfund_common.messaging import ConsumerSettings, InboxConsumer, OutboxRelay

EVENT = "maintfund.events.v1.HouseRegistered"


@pytest.fixture()
def db(tmp_path) -> Database:
    metadata = new_metadata()
    outbox_table(metadata)
    inbox_table(metadata)
    Table("things", metadata, Column("id", Integer, primary_key=True))
    database = Database(f"sqlite:///{tmp_path}/t.db", metadata)
    metadata.create_all(database.engine)
    yield database
    database.dispose()


class FakeChannel:
    def __init__(self, fail_on: int | None = None, error: Exception | None = None) -> None:
        self.published: list[tuple[str, str, bytes, object]] = []
        self.acks: list[int] = []
        self.fail_on = fail_on
        self.error = error
        self.connection = self

    def basic_publish(self, exchange, routing_key, body, properties=None, mandatory=False):
        if self.fail_on is not None and len(self.published) == self.fail_on:
            raise self.error
        self.published.append((exchange, routing_key, body, properties))

    def basic_ack(self, tag):
        self.acks.append(tag)

    def sleep(self, seconds):
        time.sleep(min(seconds, 0.01))

    def confirm_delivery(self):
        pass

    def exchange_declare(self, *a, **k):
        pass

    queue_declare = queue_bind = exchange_declare


class FakeConnection:
    def __init__(self, channel: FakeChannel) -> None:
        self._channel = channel
        self.is_open = True

    def channel(self):
        return self._channel

    def sleep(self, seconds):
        time.sleep(min(seconds, 0.01))

    def close(self):
        self.is_open = False


def _publish(db: Database, n: int) -> None:
    with db.unit_of_work() as uow:
        for i in range(n):
            uow.publish(events_pb2.HouseRegistered(house_id=f"h{i}"))
        uow.commit()


def _run_until(target, stop: threading.Event, condition, timeout: float = 20) -> threading.Thread:
    thread = threading.Thread(target=target, args=(stop,), daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not condition() and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    thread.join(10)
    return thread


def _no_backoff(monkeypatch) -> None:
    monkeypatch.setattr(messaging, "_backoff", lambda attempt: 0.01)


@pytest.mark.parametrize(
    "error",
    [
        pika.exceptions.NackError([]),
        OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly")),
    ],
    ids=["broker-nack", "database-down"],
)
def test_relay_survives_a_nack_or_a_database_error_and_republishes(db, monkeypatch, error) -> None:
    _publish(db, 5)
    first = FakeChannel(fail_on=2, error=error)
    second = FakeChannel()
    connections = iter([FakeConnection(first), FakeConnection(second)])
    monkeypatch.setattr(pika, "BlockingConnection", lambda params: next(connections))
    _no_backoff(monkeypatch)
    relay = OutboxRelay(db, "amqp://guest:guest@127.0.0.1:1/")

    _run_until(relay.run, threading.Event(), lambda: relay.backlog() == 0)

    assert relay.backlog() == 0, "the relay gave up instead of reconnecting"
    # the failed batch was rolled back: its rows stayed unpublished and went out again, all five
    assert len(first.published) == 2
    assert len(second.published) == 5


def _consumer(db: Database, handler) -> InboxConsumer:
    return InboxConsumer(db, "amqp://x", ConsumerSettings("deposit", max_retries=1), {EVENT: handler})


def _deliver(consumer: InboxConsumer, channel: FakeChannel, event_id: str = "e1") -> None:
    body = events_pb2.HouseRegistered(event_id=event_id, house_id="h").SerializeToString()
    props = pika.BasicProperties(message_id=event_id, type=EVENT, headers={})
    consumer._on_message(channel, pika.spec.Basic.Deliver(delivery_tag=7), props, body)


def test_a_handlers_own_integrity_error_is_not_taken_for_a_duplicate(db) -> None:
    things = db.metadata.tables["things"]

    def handler(uow, message) -> None:
        uow.session.execute(things.insert().values(id=1))
        uow.session.execute(things.insert().values(id=1))  # the effect itself violates a constraint

    consumer = _consumer(db, handler)
    with pytest.raises(IntegrityError):
        consumer.apply(EVENT, "e1", events_pb2.HouseRegistered(event_id="e1").SerializeToString())

    channel = FakeChannel()
    _deliver(consumer, channel)
    assert [p[1] for p in channel.published] == ["deposit.events.retry"]  # retried, not dropped
    assert channel.acks == [7]
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(db.metadata.tables["inbox"])).scalar_one() == 0


def test_a_database_outage_holds_the_event_instead_of_burning_its_retries(db, monkeypatch) -> None:
    _no_backoff(monkeypatch)
    things = db.metadata.tables["things"]
    failures = {"left": 3}

    def handler(uow, message) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("INSERT", {}, Exception("the database system is shutting down"))
        uow.session.execute(things.insert().values(id=1))

    consumer = _consumer(db, handler)
    channel = FakeChannel()
    _deliver(consumer, channel)
    assert channel.published == []  # nothing sent to the retry queue or the DLQ
    assert channel.acks == [7]
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(things)).scalar_one() == 1


def test_reconnects_back_off_when_the_failure_comes_after_connecting(db, monkeypatch) -> None:
    """A broker that accepts the connection but fails every batch (or a database that is down) must
    meet growing delays, not a reconnect every 0.2 s (the backoff used to restart at each connect)."""
    attempts: list[int] = []
    stop = threading.Event()

    def backoff(attempt: int) -> float:
        attempts.append(attempt)
        if len(attempts) == 4:
            stop.set()
        return 0.0

    monkeypatch.setattr(messaging, "_backoff", backoff)
    error = OperationalError("SELECT", {}, Exception("the database system is starting up"))
    monkeypatch.setattr(
        pika, "BlockingConnection", lambda params: FakeConnection(FakeChannel(fail_on=0, error=error))
    )
    _publish(db, 1)
    relay = OutboxRelay(db, "amqp://x")
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    thread.join(20)
    assert attempts == [0, 1, 2, 3]
