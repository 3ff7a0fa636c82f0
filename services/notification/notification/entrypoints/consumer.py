"""Notification event consumer process: the events that concern owners become their messages (and SMS
intents), and HouseBound keeps the copy of bindings that says who is concerned. The handler map is the
subscription list (queue ``notification.events``)."""

from __future__ import annotations

from maintfund_common.messaging import ConsumerSettings, InboxConsumer
from maintfund_common.runners.processes import build_consumer as inbox_consumer
from maintfund_common.runners.processes import run_consumer
from notification.bootstrap import Notification, bootstrap
from notification.service_layer.events import EventHandlers


def build_consumer(app: Notification) -> InboxConsumer:
    return inbox_consumer(
        app,
        EventHandlers(app.config.sms, app.masked_name_of).handlers(),
        # a receipt whose deposit is not in the copy yet comes back through the retry queue
        ConsumerSettings(service=app.name, max_retries=10),
    )


def main() -> None:
    app = bootstrap()
    run_consumer(app, build_consumer(app))


if __name__ == "__main__":
    main()
