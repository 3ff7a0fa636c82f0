"""Notification event consumer process: the events that concern owners become their messages (and SMS
intents), and HouseBound keeps the copy of bindings that says who is concerned. The handler map is the
subscription list (queue ``notification.events``)."""

from __future__ import annotations

from maintfund_common.messaging import ConsumerSettings, InboxConsumer
from maintfund_common.process import run_consumer
from notification.bootstrap import Notification, bootstrap
from notification.service_layer.events import EventHandlers


def build_consumer(app: Notification) -> InboxConsumer:
    return InboxConsumer(
        app.db,
        app.config.amqp_url,
        # a receipt whose deposit is not in the copy yet comes back through the retry queue
        ConsumerSettings(service="notification", max_retries=10),
        EventHandlers(app.config.sms, app.masked_name_of).handlers(),
    )


def main() -> None:
    app = bootstrap()
    run_consumer("notification-consumer", app.config.consumer_metrics_port, build_consumer(app))


if __name__ == "__main__":
    main()
