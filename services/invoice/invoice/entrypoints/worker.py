"""Invoice issue worker process: consumes the invoice.issue work queue and calls the e-receipt platform.

One platform call at a time per process (scale by replicas); prefetch stays small so a slow platform
does not hold many items. Items whose platform call got no answer come back through the retry queue.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from invoice.adapters.orm import invoices
from invoice.bootstrap import Invoice, bootstrap
from invoice.config import ISSUE_QUEUE
from invoice.service_layer import issuing
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common.census import start_state_census
from maintfund_common.messaging import ConsumerSettings, InboxConsumer
from maintfund_common.process import run_consumer

WORK_TYPE = invoice_pb2.IssueInvoiceWork.DESCRIPTOR.full_name


def build_worker(app: Invoice, after_platform_call: Callable[[], None] | None = None) -> InboxConsumer:
    settings = issuing.ReceiptSettings(
        receiving_unit=app.config.receiving_unit,
        verify_url=app.config.verify_url,
        max_attempts=app.config.issue_max_attempts,
    )
    worker = issuing.IssueWorker(
        app.db,
        app.platform,
        app.keyring,
        settings,
        render=app.render_pdf,
        after_platform_call=after_platform_call,
    )
    return InboxConsumer(
        app.db,
        app.config.amqp_url,
        # retries beyond the attempt bound only for unexpected errors, then the dead-letter queue
        ConsumerSettings(
            service="invoice", queue=ISSUE_QUEUE, prefetch=2, max_retries=app.config.issue_max_attempts + 5
        ),
        {WORK_TYPE: worker},
    )


def main() -> None:
    app = bootstrap()
    worker = build_worker(app)

    def work(stop: threading.Event) -> None:
        start_state_census(app.db, "receipt", invoices.c.status, stop)
        worker.run(stop)

    run_consumer("invoice-worker", app.config.worker_metrics_port, worker, work)


if __name__ == "__main__":
    main()
