"""Runs the real InboxConsumer (the deposit queue) against DATABASE_URL and AMQP_URL until SIGTERM.

Its only handler records an effect row (tests/reliability/history.py). Each delivery the inbox
recognised as already applied is counted in rel_absorbed. Test-only fault hook: REL_KILL_AFTER_APPLY
(a probability) kills the process with SIGKILL after the effect and its inbox row committed, before
the ack, so the broker delivers the event again.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import threading

from maintfund_common.db import Database
from maintfund_common.messaging import ConsumerSettings, InboxConsumer
from tests.reliability.history import EVENT_TYPE, absorbed, metadata, record_effect


class FaultyConsumer(InboxConsumer):
    def apply(self, event_type: str, event_id: str, body: bytes) -> str:
        outcome = super().apply(event_type, event_id, body)
        if outcome == "duplicate":
            with self.db.engine.begin() as conn:
                conn.execute(absorbed.insert().values(event_id=event_id))
        probability = float(os.environ.get("REL_KILL_AFTER_APPLY", "0"))
        if outcome == "applied" and probability and random.random() < probability:
            os.kill(os.getpid(), signal.SIGKILL)  # effect committed, ack not sent
        return outcome


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s consumer %(levelname)s %(message)s")
    logging.getLogger("pika").setLevel(logging.WARNING)
    db = Database(os.environ["DATABASE_URL"], metadata, pool_size=2)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    settings = ConsumerSettings("deposit", prefetch=int(os.environ.get("REL_PREFETCH", "50")))
    FaultyConsumer(db, os.environ["AMQP_URL"], settings, {EVENT_TYPE: record_effect}).run(stop)


if __name__ == "__main__":
    main()
