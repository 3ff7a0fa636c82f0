"""Identity command line: the operators' commands (demo and synthetic seeding: maintfund_dev, dev only).

python -m identity.entrypoints.cli rotate-keys [--batch-size 500]
python -m identity.entrypoints.cli reconcile-copies
    (the copy of registry's bindings checked against registry and repaired; prints what)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from identity.adapters.orm import accounts
from identity.bootstrap import Identity, bootstrap
from identity.service_layer.accounts import ID_CTX, NAME_CTX, PHONE_CTX
from maintfund_common.copies import reconcile_all
from maintfund_common.key_rotation import EncryptedColumns, rotate

ENCRYPTED = (
    EncryptedColumns(
        accounts, "account_id", {"name_enc": NAME_CTX, "id_number_enc": ID_CTX, "phone_enc": PHONE_CTX}
    ),
)


def rotate_keys(batch_size: int) -> None:
    """Re-encrypt every name, ID number and phone not under the active key (PII_ACTIVE_KEY_ID)."""
    app = bootstrap()
    counts = rotate(app.db.engine, app.deps.keyring, ENCRYPTED, batch_size)
    print("\n".join(counts.lines("identity", app.deps.keyring.active_key_id)))


def reconcile_copies(app: Identity | None = None, out: Callable[[str], None] = print) -> int:
    """Compare the event-fed copy with its source over gRPC and repair it: exit 0, one line per copy."""
    app = app or bootstrap()
    reconcile_all(app.db, app.copies, out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="identity")
    sub = parser.add_subparsers(dest="command", required=True)
    rot = sub.add_parser("rotate-keys", help="re-encrypt personal data under the active key")
    rot.add_argument("--batch-size", type=int, default=500)
    sub.add_parser("reconcile-copies", help="check the copy of registry's bindings against registry, repair")
    args = parser.parse_args(argv)
    if args.command == "reconcile-copies":
        return reconcile_copies()
    rotate_keys(args.batch_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
