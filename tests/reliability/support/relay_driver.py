"""Runs the real OutboxRelay against DATABASE_URL and AMQP_URL until SIGTERM (or a kill -9).

Test-only fault hooks (probabilities in the environment): REL_KILL_AFTER_PUBLISH kills the process
with SIGKILL right after a broker-confirmed publish, before the batch's transaction commits;
REL_KILL_AFTER_COMMIT right after a batch committed.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import threading

from maintfund_common.db import Database
from maintfund_common.messaging import OutboxRelay
from tests.reliability.history import metadata


def _maybe_die(probability: float) -> None:
    if probability and random.random() < probability:
        os.kill(os.getpid(), signal.SIGKILL)


class _Channel:
    """The relay's channel, with a chance of dying between the broker's confirm and the commit."""

    def __init__(self, channel, probability: float) -> None:
        self._channel = channel
        self._probability = probability

    def basic_publish(self, *args, **kwargs):
        result = self._channel.basic_publish(*args, **kwargs)
        _maybe_die(self._probability)
        return result

    def __getattr__(self, name: str):
        return getattr(self._channel, name)


class FaultyRelay(OutboxRelay):
    def relay_batch(self, channel) -> int:
        sent = super().relay_batch(_Channel(channel, float(os.environ.get("REL_KILL_AFTER_PUBLISH", "0"))))
        if sent:
            _maybe_die(float(os.environ.get("REL_KILL_AFTER_COMMIT", "0")))
        return sent


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s relay %(levelname)s %(message)s")
    logging.getLogger("pika").setLevel(logging.WARNING)
    db = Database(os.environ["DATABASE_URL"], metadata, pool_size=2)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    FaultyRelay(db, os.environ["AMQP_URL"], batch_size=int(os.environ.get("REL_BATCH", "100"))).run(stop)


if __name__ == "__main__":
    main()
