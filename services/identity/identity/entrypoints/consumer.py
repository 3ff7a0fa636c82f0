"""Identity event consumer process: keeps the copy of the register's bindings (HouseBound)."""

from __future__ import annotations

from identity.bootstrap import Identity, bootstrap
from identity.service_layer import bindings
from maintfund_common.messaging import ConsumerSettings, InboxConsumer
from maintfund_common.process import run_consumer


def build_consumer(app: Identity) -> InboxConsumer:
    return InboxConsumer(
        app.db,
        app.config.amqp_url,
        ConsumerSettings(service="identity"),
        {"maintfund.events.v1.HouseBound": bindings.record_binding},
    )


def main() -> None:
    app = bootstrap()
    run_consumer("identity-consumer", app.config.consumer_metrics_port, build_consumer(app))


if __name__ == "__main__":
    main()
