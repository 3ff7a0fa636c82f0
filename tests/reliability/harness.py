"""Drives the message path under faults: a producer committing facts, relay and consumer processes
(restarted whenever they die), our own RabbitMQ node, and the history checker at the end."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pika
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from maintfund_common.db import Database
from maintfund_common.messaging import connection_parameters, declare_topology, queue_name
from maintfund_common.migrations import OUTBOX_WAKEUP_DDL
from tests.reliability import history
from tests.reliability.broker import RabbitNode

ROOT = Path(__file__).resolve().parents[2]
QUEUES = tuple(queue_name("deposit") + s for s in ("", ".retry", ".dlq"))
SYNC_QUEUE = "harness.registration-sync"


def wait_until(condition, timeout: float, what: str, interval: float = 0.2, tick=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if tick is not None:
            tick()
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


class LostInFlight(AssertionError):
    """Every event is published and no queue holds any, yet some were never applied."""


class Worker:
    """One relay or consumer driver process, restarted by supervise() whenever it died."""

    def __init__(self, kind: str, env: dict[str, str], logdir: Path) -> None:
        self.kind = kind
        self.env = env
        self.log = logdir / f"{kind}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.deaths = 0  # exits we did not ask for (its own fault hooks)
        self.kills = 0  # kill -9 from the test

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / f"tests/reliability/support/{self.kind}_driver.py")],
                env={
                    **os.environ,
                    "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path]),
                    **self.env,
                },
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )

    def supervise(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            self.deaths += 1
            self.start()

    def kill9(self) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)
            self.kills += 1
        self.start()

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
        self.process = None


class Harness:
    def __init__(self, node: RabbitNode, producer_url: str, consumer_url: str, logdir: Path) -> None:
        self.node = node
        self.producer = Database(producer_url, history.metadata, pool_size=2)
        self.consumer = Database(consumer_url, history.metadata, pool_size=2)
        logdir.mkdir(parents=True, exist_ok=True)
        self.logdir = logdir
        for db in (self.producer, self.consumer):
            history.metadata.drop_all(db.engine)
            history.metadata.create_all(db.engine)
        with self.producer.engine.begin() as conn:  # the relay is woken by commits, as the migrations set up
            for statement in OUTBOX_WAKEUP_DDL:
                conn.execute(text(statement))
        self._purge()
        self.aggregates = [str(uuid.uuid4()) for _ in range(25)]
        self._seq = dict.fromkeys(self.aggregates, 0)
        self.workers: dict[str, Worker] = {}

    def _purge(self) -> None:
        # A node just started may refuse quorum-queue operations (541 INTERNAL_ERROR) until its Raft
        # system is up: try again for a while on a new connection.
        deadline = time.monotonic() + 60
        while True:
            connection = pika.BlockingConnection(connection_parameters(self.node.url))
            try:
                channel = connection.channel()
                # the queue as the consumer driver's handler map declares it, before any relay publishes
                declare_topology(channel, {QUEUES[0]: (history.EVENT_TYPE,)})
                # RabbitMQ 3.10 persists a new quorum queue's Raft registration lazily: the queue created
                # last before a kill -9 comes back without a leader for ever (seen here). A release
                # declares queues long before any crash; one more queue after ours stands in for that time.
                channel.queue_declare(SYNC_QUEUE, durable=True, arguments={"x-queue-type": "quorum"})
                for queue in QUEUES:
                    channel.queue_purge(queue)
                return
            except pika.exceptions.AMQPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
            finally:
                if connection.is_open:
                    connection.close()

    def start(
        self,
        relay_env: dict[str, str] | None = None,
        consumer_env: dict[str, str] | None = None,
        amqp_url: str | None = None,
    ) -> None:
        base = {"AMQP_URL": amqp_url or self.node.url}
        self.workers["relay"] = Worker(
            "relay", {**base, "DATABASE_URL": self.producer.url, **(relay_env or {})}, self.logdir
        )
        self.workers["consumer"] = Worker(
            "consumer", {**base, "DATABASE_URL": self.consumer.url, **(consumer_env or {})}, self.logdir
        )
        for worker in self.workers.values():
            worker.start()

    def supervise(self) -> None:
        for worker in self.workers.values():
            worker.supervise()

    def produce(self, n: int, per_transaction: int = 50) -> None:
        """Commit n business facts, each with its event in the outbox of the same transaction."""
        while n > 0:
            try:
                self._produce_one_transaction(min(n, per_transaction))
            except OperationalError:
                time.sleep(0.2)  # our PostgreSQL is down: what did commit, the checker reads back
                continue
            n -= per_transaction

    def _produce_one_transaction(self, count: int) -> None:
        with self.producer.unit_of_work() as uow:
            for _ in range(count):
                aggregate = random.choice(self.aggregates)
                self._seq[aggregate] += 1
                event_id = uow.publish(history.make_event(aggregate, self._seq[aggregate]))
                uow.session.execute(
                    history.facts.insert().values(
                        event_id=event_id, aggregate_id=aggregate, seq=self._seq[aggregate]
                    )
                )
            uow.commit()

    def produce_in_background(self, n: int) -> threading.Thread:
        thread = threading.Thread(target=self.produce, args=(n,), daemon=True)
        thread.start()
        return thread

    def applied(self) -> int:
        with self.consumer.engine.connect() as conn:
            return conn.execute(select(func.count(func.distinct(history.effects.c.event_id)))).scalar_one()

    def facts(self) -> int:
        with self.producer.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(history.facts)).scalar_one()

    def drain(self, timeout: float) -> None:
        """Until every fact is applied and no copy of any event waits in (or is held from) a queue."""

        stuck_since: list[float] = []

        def drained() -> bool:
            missing = self.applied() < self.facts()
            counts = self.node.queue_counts()
            # a queue not listed yet (recovering after a broker restart) is not known to be empty
            empty = all(counts.get(q) == (0, 0) for q in QUEUES[:2])
            if missing and empty and self.backlog() == 0:
                # everything published, nothing queued or held by a consumer: the rest is lost
                stuck_since[:] = stuck_since or [time.monotonic()]
                if time.monotonic() - stuck_since[0] > 10:  # not a queue still recovering
                    raise LostInFlight(f"events lost in flight: {self.check().summary()}")
            else:
                stuck_since.clear()
            return empty and not missing

        try:
            wait_until(drained, timeout, "the message path to drain", interval=0.5, tick=self.supervise)
        except LostInFlight:
            raise
        except AssertionError as exc:
            raise AssertionError(f"{exc}; {self.check().summary()}") from None

    def backlog(self) -> int:
        with self.producer.engine.connect() as conn:
            query = (
                select(func.count())
                .select_from(history.outbox)
                .where(history.outbox.c.published_at.is_(None))
            )
            return conn.execute(query).scalar_one()

    def stop(self) -> None:
        for worker in self.workers.values():
            worker.stop()

    def check(self) -> history.Report:
        return history.check(self.producer.engine, self.consumer.engine)

    def dead_lettered(self) -> int:
        return self.node.queue_counts().get(QUEUES[2], (0, 0))[0]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        self.producer.dispose()
        self.consumer.dispose()
