"""Deposit payment sweeper process: queries PENDING orders whose notification has not come, closes
expired ones, and purges old replay guards and idempotency keys. One item at a time, safe to run twice
(every effect goes through the order's row lock)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from deposit.adapters.orm import payment_orders
from deposit.bootstrap import Deposit, bootstrap
from deposit.service_layer import payments
from maintfund_common.runners.processes import StateCensus, run_worker

log = logging.getLogger(__name__)


def sweep_forever(app: Deposit, stop: threading.Event) -> None:
    ctx = app.payment_context()
    poll_after = timedelta(seconds=app.config.poll_after_s)
    while not stop.is_set():
        try:
            payments.poll_once(ctx, poll_after)
        except Exception:  # a bad round must not stop the sweeper; the next round retries
            log.exception("payment sweep failed")
        stop.wait(app.config.poll_interval_s)


def main() -> None:
    app = bootstrap()
    census = StateCensus("payment_order", payment_orders.c.status)
    run_worker(app, "poller", lambda stop: sweep_forever(app, stop), census)


if __name__ == "__main__":
    main()
