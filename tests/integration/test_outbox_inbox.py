"""The message path on the real PostgreSQL and RabbitMQ: outbox -> relay (confirms) -> consumer (inbox).

An event committed through the outbox reaches the consumer exactly once in effect, even when the
broker delivers it again (a relay that re-publishes after a lost confirm, a requeue after a crash).
"""

from __future__ import annotations

import threading
import time
import uuid
from decimal import Decimal

import pika
import pytest
from sqlalchemy import delete, func, select

from deposit.adapters.orm import house_facts, inbox, outbox
from deposit.bootstrap import database as deposit_database
from deposit.service_layer import copies
from maintfund.events.v1 import events_pb2
from maintfund_common.db import Database
from maintfund_common.messaging import (
    EXCHANGE,
    ConsumerSettings,
    InboxConsumer,
    OutboxRelay,
    connection_parameters,
    declare_topology,
    queue_name,
)

pytestmark = pytest.mark.integration


@pytest.fixture()
def deposit_db(migrated_databases: dict[str, str]) -> Database:
    db = deposit_database(migrated_databases["deposit"])
    with db.engine.begin() as conn:
        for table in (house_facts, inbox, outbox):
            conn.execute(delete(table))
    yield db
    db.dispose()


@pytest.fixture()
def channel(amqp_url: str):
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    ch = connection.channel()
    ch.confirm_delivery()
    declare_topology(ch, {queue_name("deposit"): ("maintfund.events.v1.HouseRegistered",)})
    for suffix in ("", ".retry", ".dlq"):
        ch.queue_purge(queue_name("deposit") + suffix)
    yield ch
    connection.close()


def _event(area: str = "88.00") -> events_pb2.HouseRegistered:
    return events_pb2.HouseRegistered(
        house_id=str(uuid.uuid4()),
        district_code="110105",
        area_m2=area,
        property_kind="COMMODITY",
        storey_class="HIGH_RISE",
        address="朝阳区测试路1号院1号楼1单元101",
    )


class CountingHandler:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, uow, message) -> None:
        self.calls += 1
        copies.record_house_facts(uow, message)


def _run_consumer(consumer: InboxConsumer, until, timeout: float = 60) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    try:
        while not until() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert until(), "consumer did not reach the expected state in time"


def _count(db: Database, table) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_outbox_event_reaches_consumer_once_despite_redelivery(
    deposit_db: Database, channel, amqp_url: str
) -> None:
    events = [_event(f"{80 + i}.50") for i in range(5)]
    with deposit_db.unit_of_work() as uow:
        for event in events:
            uow.publish(event)
        uow.commit()
    relay = OutboxRelay(deposit_db, amqp_url)
    assert relay.relay_batch(channel) == 5
    assert relay.relay_batch(channel) == 0  # published rows are not sent again
    assert relay.backlog() == 0

    # The broker hands some events over a second time (a relay re-publish after a lost confirm).
    for event in events[:3]:
        channel.basic_publish(
            EXCHANGE,
            event.DESCRIPTOR.full_name,
            event.SerializeToString(),
            pika.BasicProperties(message_id=event.event_id, type=event.DESCRIPTOR.full_name, delivery_mode=2),
            mandatory=True,
        )

    handler = CountingHandler()
    consumer = InboxConsumer(
        deposit_db, amqp_url, ConsumerSettings("deposit"), {"maintfund.events.v1.HouseRegistered": handler}
    )
    seen = {"n": 0}
    original = consumer.apply

    def counting_apply(*args):
        outcome = original(*args)
        seen["n"] += 1
        return outcome

    consumer.apply = counting_apply  # type: ignore[method-assign]
    _run_consumer(consumer, lambda: seen["n"] >= 8)

    assert handler.calls == 5
    assert _count(deposit_db, inbox) == 5
    with deposit_db.engine.connect() as conn:
        areas = {r.house_id: r.area_m2 for r in conn.execute(select(house_facts))}
    assert areas == {e.house_id: Decimal(e.area_m2) for e in events}


def test_rolled_back_transaction_publishes_nothing(deposit_db: Database, channel, amqp_url: str) -> None:
    with deposit_db.unit_of_work() as uow:
        uow.publish(_event())
        # leaving without commit: the state change and its event vanish together
    assert OutboxRelay(deposit_db, amqp_url).relay_batch(channel) == 0


def test_a_commit_wakes_the_idle_relay_and_a_rollback_does_not(
    deposit_db: Database, channel, amqp_url: str
) -> None:
    """The relay sleeps until the outbox's trigger NOTIFYs a commit: with polling set to once a minute,
    a committed event still goes out at once, and a rolled-back one never wakes it."""
    relay = OutboxRelay(deposit_db, amqp_url, idle_sleep=60, wakeup_fallback_s=60)
    published: list[int] = []
    original = relay.relay_batch

    def counting_batch(ch) -> int:
        sent = original(ch)
        published.append(sent)
        return sent

    relay.relay_batch = counting_batch  # type: ignore[method-assign]
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    try:
        _wait_for(lambda: len(published) >= 1, "the relay did not start")
        time.sleep(0.5)  # now asleep in its wake-up wait
        with deposit_db.unit_of_work() as uow:
            uow.publish(_event())
            # rolled back: no notification, no batch
        time.sleep(1.0)
        assert len(published) == 1, "a rolled-back write woke the relay"
        with deposit_db.unit_of_work() as uow:
            uow.publish(_event())
            uow.commit()
        _wait_for(lambda: sum(published) == 1, "a committed event waited for the next poll")
        assert relay.backlog() == 0
    finally:
        stop.set()
    thread.join(70)
    assert not thread.is_alive()


def _wait_for(condition, message: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition(), message


def test_failing_handler_retries_then_dead_letters(deposit_db: Database, channel, amqp_url: str) -> None:
    event = _event()
    with deposit_db.unit_of_work() as uow:
        uow.publish(event)
        uow.commit()
    OutboxRelay(deposit_db, amqp_url).relay_batch(channel)

    attempts = {"n": 0}

    def broken(uow, message) -> None:
        attempts["n"] += 1
        raise RuntimeError("handler bug")

    consumer = InboxConsumer(
        deposit_db,
        amqp_url,
        ConsumerSettings("deposit", max_retries=1),
        {"maintfund.events.v1.HouseRegistered": broken},
    )

    def dead_lettered() -> bool:
        return channel.queue_declare(queue_name("deposit") + ".dlq", passive=True).method.message_count == 1

    _run_consumer(consumer, dead_lettered)
    assert attempts["n"] == 2  # the first try and one delayed retry
    assert _count(deposit_db, inbox) == 0  # a failed effect leaves no inbox row: a replay can still apply it
