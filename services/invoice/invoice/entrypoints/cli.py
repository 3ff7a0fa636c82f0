"""Invoice command line: ``python -m invoice.entrypoints.cli rotate-keys`` or ``reconcile-copies`` (the
copies of deposits and bindings checked against their sources and repaired). The demo data is seeded by
the development-only ``python -m maintfund_dev.cli invoice seed-demo``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from invoice.adapters.orm import deposits
from invoice.bootstrap import Invoice, bootstrap
from invoice.service_layer.deposits import OWNER_NAME_CTX
from maintfund_common.copies import reconcile_all
from maintfund_common.key_rotation import EncryptedColumns, rotate

ENCRYPTED = (EncryptedColumns(deposits, "deposit_id", {"owner_name_enc": OWNER_NAME_CTX}),)


def rotate_keys(batch_size: int) -> None:
    """Re-encrypt the receipts' payer names under the active key."""
    app = bootstrap()
    counts = rotate(app.db.engine, app.keyring, ENCRYPTED, batch_size)
    print("\n".join(counts.lines("invoice", app.keyring.active_key_id)))


def reconcile_copies(app: Invoice | None = None, out: Callable[[str], None] = print) -> int:
    """Compare every event-fed copy with its source over gRPC and repair it: exit 0, one line per copy."""
    app = app or bootstrap()
    reconcile_all(app.db, app.copies, out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="invoice")
    sub = parser.add_subparsers(dest="command", required=True)
    rot = sub.add_parser("rotate-keys", help="re-encrypt personal data under the active key")
    rot.add_argument("--batch-size", type=int, default=500)
    sub.add_parser("reconcile-copies", help="check the event-fed copies against their sources, repair")
    args = parser.parse_args(argv)
    if args.command == "reconcile-copies":
        return reconcile_copies()
    rotate_keys(args.batch_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
