"""A notification consumer whose handlers stall after their effect, before the commit: a process for a
test to kill -9 in the middle of applying an event (DATABASE_URL and AMQP_URL from the environment)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from notification.bootstrap import bootstrap
from notification.entrypoints.consumer import build_consumer


def _stalling(handler: Callable) -> Callable:
    def run(uow, event) -> None:
        handler(uow, event)
        uow.session.flush()  # the messages are written in the open transaction
        print("effect written, not committed", flush=True)
        time.sleep(600)

    return run


def main() -> None:
    consumer = build_consumer(bootstrap())
    consumer.handlers = {name: _stalling(h) for name, h in consumer.handlers.items()}
    consumer.run(threading.Event())


if __name__ == "__main__":
    main()
