"""Invoice event consumer process: keeps the copies of deposits (DepositPaid, PaperReceiptRecorded) and
of the register's bindings (HouseBound)."""

from __future__ import annotations

from invoice.bootstrap import Invoice, bootstrap
from invoice.service_layer import bindings, deposits
from maintfund_common.messaging import ConsumerSettings, InboxConsumer
from maintfund_common.process import run_consumer


def build_consumer(app: Invoice) -> InboxConsumer:
    return InboxConsumer(
        app.db,
        app.config.amqp_url,
        ConsumerSettings(service="invoice"),
        {
            "maintfund.events.v1.DepositPaid": deposits.record_deposit_paid(app.keyring),
            "maintfund.events.v1.PaperReceiptRecorded": deposits.record_paper_receipt,
            "maintfund.events.v1.HouseBound": bindings.record_binding,
        },
    )


def main() -> None:
    app = bootstrap()
    run_consumer("invoice-consumer", app.config.consumer_metrics_port, build_consumer(app))


if __name__ == "__main__":
    main()
