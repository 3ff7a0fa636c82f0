"""Registry outbox relay process: publishes committed events to RabbitMQ."""

from __future__ import annotations

from maintfund_common.messaging import OutboxRelay
from maintfund_common.process import run_worker
from registry.bootstrap import bootstrap


def main() -> None:
    app = bootstrap()
    run_worker("registry-relay", app.config.relay_metrics_port, OutboxRelay(app.db, app.config.amqp_url).run)


if __name__ == "__main__":
    main()
