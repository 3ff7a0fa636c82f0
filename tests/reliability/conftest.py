"""Fixtures for the fault scenarios: our own RabbitMQ node (stopped at the end, always) and databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DB_PREFIX, SLOT, recreate_database
from tests.reliability.broker import RabbitNode
from tests.reliability.harness import Harness
from tests.reliability.summary import SUMMARY


@pytest.fixture(scope="session")
def rabbit_node() -> Iterator[RabbitNode]:
    node = RabbitNode(name=f"mfrel{SLOT}", port=5673 + SLOT, dist_port=25673 + SLOT)
    node.stop_stray()
    try:
        node.start()
        yield node
    finally:
        node.stop()


@pytest.fixture()
def harness(rabbit_node: RabbitNode, request: pytest.FixtureRequest) -> Iterator[Harness]:
    producer = recreate_database(f"{DB_PREFIX}rel_producer")
    consumer = recreate_database(f"{DB_PREFIX}rel_consumer")
    logdir = Path(SUMMARY.parent / request.node.name)
    h = Harness(rabbit_node, producer, consumer, logdir)
    try:
        yield h
    finally:
        h.close()


@pytest.fixture()
def pg_harness(rabbit_node: RabbitNode, request: pytest.FixtureRequest) -> Iterator[Harness]:
    """A harness whose databases live on a PostgreSQL cluster of our own, which the test may crash."""
    from tests.reliability.postgres import PgCluster

    cluster = PgCluster(port=15432 + SLOT)
    try:
        cluster.start()
        h = Harness(
            rabbit_node,
            cluster.create_database("rel_producer"),
            cluster.create_database("rel_consumer"),
            Path(SUMMARY.parent / request.node.name),
        )
        h.cluster = cluster  # type: ignore[attr-defined]
        try:
            yield h
        finally:
            h.close()
    finally:
        cluster.destroy()
