"""Invoice issue worker process: consumes the invoice.issue work queue and calls the e-receipt platform.

One platform call at a time per process (scale by replicas); prefetch stays small so a slow platform
does not hold many items. Items whose platform call got no answer come back through the retry queue.
"""

from __future__ import annotations

from collections.abc import Callable

from invoice.adapters.orm import invoices
from invoice.bootstrap import Invoice, bootstrap
from invoice.config import ISSUE_QUEUE
from invoice.service_layer import issuing
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common.messaging import ConsumerSettings, InboxConsumer
from maintfund_common.runners.processes import StateCensus, build_consumer, run_consumer

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
    # retries beyond the attempt bound only for unexpected errors, then the dead-letter queue
    queue = ConsumerSettings(
        service=app.name, queue=ISSUE_QUEUE, prefetch=2, max_retries=app.config.issue_max_attempts + 5
    )
    return build_consumer(app, {WORK_TYPE: worker}, queue)


def main() -> None:
    app = bootstrap()
    run_consumer(app, build_worker(app), "worker", StateCensus("receipt", invoices.c.status))


if __name__ == "__main__":
    main()
