"""Counts business objects by state for Prometheus (payment orders, receipts), on a background thread."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Column, func, select

from maintfund_common.db import Database
from maintfund_common.metrics import OBJECTS_BY_STATE

log = logging.getLogger(__name__)


def count_by_state(db: Database, state_column: Column) -> dict[str, int]:
    query = select(state_column, func.count()).group_by(state_column)
    with db.reader.connect() as conn:
        return {str(state): int(n) for state, n in conn.execute(query)}


def start_state_census(
    db: Database, kind: str, state_column: Column, stop: threading.Event, interval_s: float = 15.0
) -> threading.Thread:
    """Refresh ``maintfund_objects_by_state{kind=...}`` every ``interval_s`` until ``stop`` is set."""

    def loop() -> None:
        while not stop.is_set():
            try:
                for state, count in count_by_state(db, state_column).items():
                    OBJECTS_BY_STATE.labels(kind, state).set(count)
            except Exception:  # a failed count must not stop the process that hosts it
                log.exception("state census failed", extra={"kind": kind})
            stop.wait(interval_s)

    thread = threading.Thread(target=loop, name=f"census-{kind}", daemon=True)
    thread.start()
    return thread
