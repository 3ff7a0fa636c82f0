"""The background processes of a service, started from its ``ServiceApp`` (see the package docstring)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column

from maintfund_common.app import ServiceApp
from maintfund_common.census import start_state_census
from maintfund_common.messaging import ConsumerSettings, EventHandler, InboxConsumer, OutboxRelay
from maintfund_common.metrics import serve_metrics

log = logging.getLogger(__name__)

Work = Callable[[threading.Event], None]


@dataclass(frozen=True)
class StateCensus:
    """``maintfund_objects_by_state{kind}``, counted from ``column`` while the process runs."""

    kind: str
    column: Column[Any]


def run_relay(app: ServiceApp) -> None:
    """Publish committed outbox rows to RabbitMQ until stopped."""
    relay = OutboxRelay(app.database(), app.config.amqp_url)
    run_worker(app, "relay", relay.run)


def build_consumer(
    app: ServiceApp, handlers: Mapping[str, EventHandler], settings: ConsumerSettings | None = None
) -> InboxConsumer:
    """An inbox consumer of ``handlers`` (its only subscription list) on the service's event queue, or on
    the work queue ``settings.queue`` names."""
    return InboxConsumer(
        app.database(), app.config.amqp_url, settings or ConsumerSettings(service=app.name), handlers
    )


def run_consumer(
    app: ServiceApp,
    consumer: InboxConsumer,
    process: str = "consumer",
    census: StateCensus | None = None,
    argv: list[str] | None = None,
) -> None:
    """Run ``consumer`` as the process ``<name>-<process>``; with ``--declare-queues`` only declare."""
    if "--declare-queues" in (sys.argv[1:] if argv is None else argv):
        consumer.declare()
        print(f"declared queue {consumer.queue}: {', '.join(sorted(consumer.handlers))}")
        return
    run_worker(app, process, consumer.run, census)


def run_worker(app: ServiceApp, process: str, work: Work, census: StateCensus | None = None) -> None:
    """Run ``work(stop)`` until SIGTERM/SIGINT sets ``stop``; ``work`` then finishes its item and returns."""
    name = f"{app.name}-{process}"
    stop = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        log.info("signal received; finishing current work", extra={"signal": signum, "worker": name})
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    serve_metrics(app.metrics_port(process))
    if census is not None:
        start_state_census(app.database(), census.kind, census.column, stop)
    log.info("worker started", extra={"worker": name})
    work(stop)
    app.close()
    log.info("worker stopped", extra={"worker": name})
