"""Invoice outbox relay process: publishes committed events and work items to RabbitMQ."""

from __future__ import annotations

from invoice.bootstrap import bootstrap
from maintfund_common.runners.processes import run_relay


def main() -> None:
    run_relay(bootstrap())


if __name__ == "__main__":
    main()
