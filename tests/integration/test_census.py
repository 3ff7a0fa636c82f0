"""Payment orders and receipts by state reach Prometheus (the census thread of the poller and worker)."""

from __future__ import annotations

import threading
import time

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import delete

from deposit.adapters.orm import outbox
from deposit.bootstrap import database as deposit_database
from maintfund_common.census import count_by_state, start_state_census
from maintfund_common.db import utcnow

pytestmark = pytest.mark.integration


def test_census_counts_rows_by_state(migrated_databases: dict[str, str]) -> None:
    db = deposit_database(migrated_databases["deposit"])
    with db.engine.begin() as conn:
        conn.execute(delete(outbox))
        conn.execute(
            outbox.insert(),
            [
                {
                    "event_id": f"e{i}",
                    "event_type": "t",
                    "payload": b"",
                    "headers": {},
                    "created_at": utcnow(),
                    "published_at": None,
                }
                for i in range(3)
            ],
        )
    # the outbox's event_type column stands in for a state column: 3 rows in state "t"
    assert count_by_state(db, outbox.c.event_type) == {"t": 3}
    stop = threading.Event()
    start_state_census(db, "test_outbox", outbox.c.event_type, stop, interval_s=0.05)
    deadline = time.monotonic() + 10
    while REGISTRY.get_sample_value("maintfund_objects_by_state", {"kind": "test_outbox", "state": "t"}) != 3:
        assert time.monotonic() < deadline, "census never exported the count"
        time.sleep(0.05)
    stop.set()
    with db.engine.begin() as conn:
        conn.execute(delete(outbox))
    db.dispose()
