"""Deposit event consumer process: applies the events deposit subscribes to, each at most once."""

from __future__ import annotations

from deposit.bootstrap import Deposit, bootstrap
from deposit.service_layer import billing, copies
from maintfund_common.messaging import EventHandler
from maintfund_common.runners.processes import build_consumer, run_consumer


def handlers(app: Deposit) -> dict[str, EventHandler]:
    """The events deposit keeps: its only subscription list (the queue's bindings come from it)."""
    return {
        "maintfund.events.v1.HouseRegistered": copies.record_house_facts,
        "maintfund.events.v1.HouseBound": copies.record_binding,
        "maintfund.events.v1.InvoiceStatusChanged": billing.record_invoice_status,
    }


def main() -> None:
    app = bootstrap()
    run_consumer(app, build_consumer(app, handlers(app)))


if __name__ == "__main__":
    main()
