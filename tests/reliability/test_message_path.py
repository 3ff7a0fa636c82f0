"""Nothing lost, nothing twice (DESIGN §6, §8): the real relay and consumer processes on our own
RabbitMQ node, under kill -9 of the broker, of the relay and of the consumer, AMQP connections reset by
a fault proxy, and our own PostgreSQL crashed; then the history checker (history.py).

`make test` runs short versions (a few kill cycles × a few hundred messages); `make reliability`
runs the long ones (MAINTFUND_RELIABILITY=long) and publishes the figures.
"""

from __future__ import annotations

import random
import time

import pytest

from tests.reliability import history
from tests.reliability.faultproxy import FaultProxy
from tests.reliability.harness import Harness, wait_until
from tests.reliability.summary import LONG, publish_figures

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.integration,
    pytest.mark.timeout(3600 if LONG else 900),
]

BROKER_CYCLES, BROKER_MESSAGES = (20, 10_000) if LONG else (2, 300)
RELAY_KILLS, RELAY_MESSAGES = (20, 5_000) if LONG else (3, 300)
CONSUMER_KILLS, CONSUMER_MESSAGES = (20, 5_000) if LONG else (3, 300)
CUTS, CUT_MESSAGES = (20, 5_000) if LONG else (3, 300)
PG_CRASHES, PG_MESSAGES = (10, 5_000) if LONG else (2, 300)
STEP_TIMEOUT = 600 if LONG else 240
DRAIN_TIMEOUT = 1800 if LONG else 300


def _assert_history(h: Harness, scenario: str, started: float, **figures: int) -> history.Report:
    report = h.check()
    dead = h.dead_lettered()
    publish_figures(
        f"{scenario}: {report.summary()}, dead-lettered {dead}; took {time.monotonic() - started:.0f}s",
        messages=report.facts,
        lost=len(report.lost) + len(report.unrelayed),
        duplicated=len(report.duplicated),
        absorbed=report.absorbed,
        dead_lettered=dead,
        **figures,
    )
    assert report.facts > 0
    assert report.lost == [], "confirmed events never applied"
    assert report.unrelayed == [], "committed events never published"
    assert report.duplicated == [], "events applied more than once"
    assert report.phantom == [], "effects of events nobody committed"
    assert dead == 0
    return report


def _wait_progress(h: Harness, target: int) -> None:
    wait_until(lambda: h.applied() >= target, STEP_TIMEOUT, f"{target} effects", tick=h.supervise)


def test_broker_kill_during_publish_and_consume(harness: Harness) -> None:
    h, started = harness, time.monotonic()
    h.start()
    per_cycle = BROKER_MESSAGES // BROKER_CYCLES
    for cycle in range(BROKER_CYCLES):
        base = cycle * per_cycle
        producer = h.produce_in_background(per_cycle)
        # kill while the relay is still publishing this cycle's events and the consumer applying them
        _wait_progress(h, base + int(per_cycle * random.uniform(0.1, 0.7)))
        h.node.kill9()
        producer.join()
        h.node.start()
    h.drain(DRAIN_TIMEOUT)
    h.stop()
    _assert_history(
        h,
        f"broker kill -9: {h.node.kills} cycles x {BROKER_MESSAGES} messages",
        started,
        broker_kills=h.node.kills,
    )


def test_relay_kill_around_publish_and_commit(harness: Harness) -> None:
    h, started = harness, time.monotonic()
    # the relay also kills itself between a confirmed publish and the commit, and just after a commit
    h.start(relay_env={"REL_KILL_AFTER_PUBLISH": "0.005", "REL_KILL_AFTER_COMMIT": "0.2", "REL_BATCH": "50"})
    h.produce(RELAY_MESSAGES)
    for kill in range(RELAY_KILLS):
        _wait_progress(h, int(RELAY_MESSAGES * (kill + random.random()) / (RELAY_KILLS + 1)))
        h.workers["relay"].kill9()
    h.drain(DRAIN_TIMEOUT)
    h.stop()
    relay = h.workers["relay"]
    _assert_history(
        h,
        f"relay kill -9: {relay.kills} external + {relay.deaths} around publish/commit x "
        f"{RELAY_MESSAGES} messages",
        started,
        relay_kills=relay.kills + relay.deaths,
    )


def test_consumer_kill_between_effect_and_ack(harness: Harness) -> None:
    h, started = harness, time.monotonic()
    probability = CONSUMER_KILLS / CONSUMER_MESSAGES
    # it also kills itself in the middle of an effect, before the commit
    h.start(consumer_env={"REL_KILL_AFTER_APPLY": str(probability), "REL_KILL_IN_HANDLER": str(probability)})
    h.produce(CONSUMER_MESSAGES)
    for kill in range(CONSUMER_KILLS):
        _wait_progress(h, int(CONSUMER_MESSAGES * (kill + random.random()) / (CONSUMER_KILLS + 1)))
        h.workers["consumer"].kill9()
    h.drain(DRAIN_TIMEOUT)
    h.stop()
    consumer = h.workers["consumer"]
    report = _assert_history(
        h,
        f"consumer kill -9: {consumer.kills} external + {consumer.deaths} mid-effect or before the ack x "
        f"{CONSUMER_MESSAGES} messages",
        started,
        consumer_kills=consumer.kills + consumer.deaths,
    )
    if "fault hook REL_KILL_AFTER_APPLY" in consumer.log.read_text():
        # a death after a commit leaves an applied, unacked event: its redelivery must be absorbed (a
        # death mid-effect, before the commit, leaves nothing to absorb)
        assert report.absorbed >= 1


def test_connections_cut_under_the_relay_and_the_consumer(harness: Harness) -> None:
    """A network that resets every AMQP connection mid-publish and mid-consume (broker still up)."""
    h, started = harness, time.monotonic()
    proxy = FaultProxy(("127.0.0.1", h.node.port)).start()
    try:
        h.start(amqp_url=f"amqp://guest:guest@127.0.0.1:{proxy.port}/%2F")
        producer = h.produce_in_background(CUT_MESSAGES)
        for cut in range(CUTS):
            _wait_progress(h, int(CUT_MESSAGES * (cut + random.random()) / (CUTS + 1)))
            wait_until(lambda: proxy.connections() >= 2, STEP_TIMEOUT, "relay and consumer to reconnect")
            proxy.cut_all()
        producer.join()
        h.drain(DRAIN_TIMEOUT)
        h.stop()
    finally:
        proxy.close()
    _assert_history(
        h,
        f"connection resets: {proxy.cuts} connections cut in {CUTS} rounds x {CUT_MESSAGES} messages",
        started,
        connection_cuts=proxy.cuts,
    )


def test_postgres_crash_under_load(pg_harness: Harness) -> None:
    """Our own PostgreSQL stopped with -m immediate (a crash) while facts, relay and consumer run."""
    h, started = pg_harness, time.monotonic()
    cluster = h.cluster  # type: ignore[attr-defined]
    h.start()
    producer = h.produce_in_background(PG_MESSAGES)
    for crash in range(PG_CRASHES):
        _wait_progress(h, int(PG_MESSAGES * (crash + random.random()) / (PG_CRASHES + 1)))
        cluster.crash()
        time.sleep(random.uniform(0.5, 3))  # the outage itself, not an assertion
        cluster.start()
    producer.join()
    h.drain(DRAIN_TIMEOUT)
    h.stop()
    _assert_history(
        h,
        f"PostgreSQL crash: {cluster.crashes} crashes x {h.facts()} messages",
        started,
        pg_crashes=cluster.crashes,
    )
