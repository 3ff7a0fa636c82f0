"""Notification command line: ``python -m notification.entrypoints.cli reconcile-copies`` (the copy of
the register's bindings checked against registry's ListBindings and repaired)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from maintfund_common.copies import reconcile_all
from notification.bootstrap import Notification, bootstrap


def reconcile_copies(app: Notification | None = None, out: Callable[[str], None] = print) -> int:
    app = app or bootstrap()
    reconcile_all(app.db, app.copies, out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="notification")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("reconcile-copies", help="check the event-fed copies against their sources, repair")
    parser.parse_args(argv)
    return reconcile_copies()


if __name__ == "__main__":
    sys.exit(main())
