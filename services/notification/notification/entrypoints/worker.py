"""Notification SMS worker process: sends the due SMS (service_layer/sms.py), one at a time per process.

It polls its own table (a partial index on the PENDING rows keeps that cheap) instead of a queue: an SMS
deferred past the quiet hours or backing off waits hours, which a broker's TTL queue would hold for
nothing. It consumes no queue: ``--declare-queues`` (run for every ``-worker`` at release) does nothing.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

from maintfund_common.runners.processes import run_worker
from notification.bootstrap import Notification, bootstrap
from notification.service_layer.sms import PHONE_INDEX_CTX, SmsDelivery

log = logging.getLogger(__name__)
CENSUS_EVERY_S = 15.0


def build_delivery(app: Notification) -> SmsDelivery:
    return SmsDelivery(
        app.db,
        app.sms,
        app.phone_of,
        lambda phone: app.keyring.blind_index(phone, PHONE_INDEX_CTX),
        app.config.sms,
        stale_s=app.config.sending_stale_s,
    )


def work(app: Notification, delivery: SmsDelivery, stop: threading.Event) -> None:
    last_census = 0.0
    while not stop.is_set():
        try:
            handled = delivery.run_once()
            if time.monotonic() - last_census > CENSUS_EVERY_S:
                delivery.census()
                last_census = time.monotonic()
        except Exception:  # the database away, a bug in one row: log, wait, go on
            log.exception("sms round failed")
            handled = 0
        if not handled:
            stop.wait(app.config.worker_poll_s)


def main(argv: list[str] | None = None) -> None:
    if "--declare-queues" in (sys.argv[1:] if argv is None else argv):
        return  # no queue: see the module's text
    app = bootstrap()
    delivery = build_delivery(app)
    run_worker(app, "worker", lambda stop: work(app, delivery, stop))


if __name__ == "__main__":
    main()
