"""Identity event consumer process: keeps the copy of the register's bindings (HouseBound)."""

from __future__ import annotations

from identity.bootstrap import Identity, bootstrap
from identity.service_layer import bindings
from maintfund_common.messaging import EventHandler
from maintfund_common.runners.processes import build_consumer, run_consumer


def handlers(app: Identity) -> dict[str, EventHandler]:
    """The events identity keeps: its only subscription list (the queue's bindings come from it)."""
    return {"maintfund.events.v1.HouseBound": bindings.record_binding}


def main() -> None:
    app = bootstrap()
    run_consumer(app, build_consumer(app, handlers(app)))


if __name__ == "__main__":
    main()
