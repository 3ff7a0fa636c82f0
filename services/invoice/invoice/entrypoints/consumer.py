"""Invoice event consumer process: keeps the copies of deposits (DepositPaid, PaperReceiptRecorded) and
of the register's bindings (HouseBound)."""

from __future__ import annotations

from invoice.bootstrap import Invoice, bootstrap
from invoice.service_layer import bindings, deposits
from maintfund_common.messaging import EventHandler
from maintfund_common.runners.processes import build_consumer, run_consumer


def handlers(app: Invoice) -> dict[str, EventHandler]:
    """The events invoice keeps: its only subscription list (the queue's bindings come from it)."""
    return {
        "maintfund.events.v1.DepositPaid": deposits.record_deposit_paid(app.keyring),
        "maintfund.events.v1.PaperReceiptRecorded": deposits.record_paper_receipt,
        "maintfund.events.v1.HouseBound": bindings.record_binding,
    }


def main() -> None:
    app = bootstrap()
    run_consumer(app, build_consumer(app, handlers(app)))


if __name__ == "__main__":
    main()
