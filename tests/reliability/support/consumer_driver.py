"""Runs the real InboxConsumer (the deposit queue) against DATABASE_URL and AMQP_URL until SIGTERM.

Its only handler records an effect row (tests/reliability/history.py). Each delivery the inbox
recognised as already applied is counted in rel_absorbed. Test-only fault hooks (probabilities):
REL_KILL_AFTER_APPLY kills the process with SIGKILL after the effect and its inbox row committed,
before the ack, so the broker delivers the event again (the inbox must absorb it);
REL_KILL_IN_HANDLER kills it in the middle of the effect, before the commit (the event must be
delivered again and applied).
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
        if outcome == "applied":
            _maybe_die("REL_KILL_AFTER_APPLY")  # effect committed, ack not sent
        return outcome


def _maybe_die(name: str) -> None:
    probability = float(os.environ.get(name, "0"))
    if probability and random.random() < probability:
        print(f"fault hook {name}: SIGKILL", flush=True)  # the test tells the two kinds of death apart
        os.kill(os.getpid(), signal.SIGKILL)


def handler(uow, message) -> None:
    record_effect(uow, message)
    _maybe_die("REL_KILL_IN_HANDLER")  # effect written, not committed


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s consumer %(levelname)s %(message)s")
    logging.getLogger("pika").setLevel(logging.WARNING)
    db = Database(os.environ["DATABASE_URL"], metadata, pool_size=2)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    settings = ConsumerSettings("deposit", prefetch=int(os.environ.get("REL_PREFETCH", "50")))
    FaultyConsumer(db, os.environ["AMQP_URL"], settings, {EVENT_TYPE: handler}).run(stop)


if __name__ == "__main__":
    main()
