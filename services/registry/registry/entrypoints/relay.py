"""Registry outbox relay process: publishes committed events to RabbitMQ."""

from __future__ import annotations

from maintfund_common.runners.processes import run_relay
from registry.bootstrap import bootstrap


def main() -> None:
    run_relay(bootstrap())


if __name__ == "__main__":
    main()
