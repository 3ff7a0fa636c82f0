"""Entrypoint helper for the background process types (outbox relay, event consumer, workers)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable

from maintfund_common.messaging import InboxConsumer
from maintfund_common.metrics import serve_metrics

log = logging.getLogger(__name__)


def run_worker(name: str, metrics_port: int, work: Callable[[threading.Event], None]) -> None:
    """Run ``work(stop)`` until SIGTERM/SIGINT sets ``stop``; ``work`` then finishes its item and returns."""
    stop = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        log.info("signal received; finishing current work", extra={"signal": signum, "worker": name})
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    serve_metrics(metrics_port)
    log.info("worker started", extra={"worker": name})
    work(stop)
    log.info("worker stopped", extra={"worker": name})


def run_consumer(
    name: str,
    metrics_port: int,
    consumer: InboxConsumer,
    work: Callable[[threading.Event], None] | None = None,
    argv: list[str] | None = None,
) -> None:
    """A consumer process; ``--declare-queues`` only declares its queue and bindings and exits (a release
    step, run before any relay publishes: see maintfund_common.messaging)."""
    if "--declare-queues" in (sys.argv[1:] if argv is None else argv):
        consumer.declare()
        print(f"declared queue {consumer.queue}: {', '.join(sorted(consumer.handlers))}")
        return
    run_worker(name, metrics_port, work or consumer.run)
