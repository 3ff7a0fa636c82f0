"""Deposit event consumer process: applies the events deposit subscribes to, each at most once."""

from __future__ import annotations

from deposit.bootstrap import Deposit, bootstrap
from deposit.service_layer import billing, copies
from maintfund_common.messaging import ConsumerSettings, InboxConsumer
from maintfund_common.process import run_consumer


def build_consumer(app: Deposit) -> InboxConsumer:
    return InboxConsumer(
        app.db,
        app.config.amqp_url,
        ConsumerSettings(service="deposit"),
        {
            "maintfund.events.v1.HouseRegistered": copies.record_house_facts,
            "maintfund.events.v1.HouseBound": copies.record_binding,
            "maintfund.events.v1.InvoiceStatusChanged": billing.record_invoice_status,
        },
    )


def main() -> None:
    app = bootstrap()
    run_consumer("deposit-consumer", app.config.consumer_metrics_port, build_consumer(app))


if __name__ == "__main__":
    main()
