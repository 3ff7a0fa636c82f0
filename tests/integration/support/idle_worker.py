"""A background process started by the generic runner (run_worker): it waits for its stop signal, then
takes a moment to finish the item in hand (for shutdown tests)."""

from __future__ import annotations

import sys
import threading
from types import SimpleNamespace

from maintfund_common.app import ServiceApp
from maintfund_common.logging_setup import configure_logging
from maintfund_common.runners.processes import run_worker


def main() -> None:
    configure_logging("idle-test")
    app = ServiceApp(
        name="idle", config=SimpleNamespace(poller_metrics_port=int(sys.argv[1])), readiness=bool
    )

    def work(stop: threading.Event) -> None:
        print("working", flush=True)
        stop.wait()
        threading.Event().wait(0.5)  # the item in hand
        print("item finished", flush=True)

    run_worker(app, "poller", work)


if __name__ == "__main__":
    main()
