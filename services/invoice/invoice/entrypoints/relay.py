"""Invoice outbox relay process: publishes committed events and work items to RabbitMQ."""

from __future__ import annotations

from invoice.bootstrap import bootstrap
from maintfund_common.messaging import OutboxRelay
from maintfund_common.process import run_worker


def main() -> None:
    app = bootstrap()
    run_worker("invoice-relay", app.config.relay_metrics_port, OutboxRelay(app.db, app.config.amqp_url).run)


if __name__ == "__main__":
    main()
