"""Entrypoint helper for the background process types (outbox relay, event consumer, workers)."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

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
