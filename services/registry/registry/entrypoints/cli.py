"""Registry command line: bulk import and the operators' commands (demo and synthetic seeding:
maintfund_dev, development only).

python -m registry.entrypoints.cli import --format jsonl FILE
python -m registry.entrypoints.cli rotate-keys [--batch-size 500]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import select, tuple_

from maintfund.events.v1 import events_pb2
from maintfund_common.key_rotation import EncryptedColumns, rotate
from registry.adapters.orm import bindings, owners, registrations
from registry.bootstrap import bootstrap
from registry.domain.owners import ID_CONTEXT, NAME_CONTEXT
from registry.domain.registrations import APPLICANT_CONTEXT, PHONE_CONTEXT
from registry.service_layer.importing import ImportRejected, import_records, read_records, validate_all

ENCRYPTED = (
    EncryptedColumns(owners, "id", {"name_enc": NAME_CONTEXT, "id_number_enc": ID_CONTEXT}),
    EncryptedColumns(
        registrations,
        "registration_id",
        {"phone_enc": PHONE_CONTEXT, "applicant_name_enc": APPLICANT_CONTEXT},
    ),
)


def rotate_keys(batch_size: int) -> None:
    """Re-encrypt owners' names and ID numbers, applicants' names and phones, under the active key."""
    app = bootstrap()
    counts = rotate(app.db.engine, app.keyring, ENCRYPTED, batch_size)
    print("\n".join(counts.lines("registry", app.keyring.active_key_id)))


def republish_bindings(batch_size: int) -> None:
    """Publish HouseBound again for every binding, so that consumers that keep a copy of the bindings
    (deposit) catch up with bindings made before they subscribed. Consumers apply it idempotently."""
    app = bootstrap()
    total, after = 0, ("", "")
    while True:
        with app.db.unit_of_work() as uow:
            rows = uow.session.execute(
                select(bindings.c.account_id, bindings.c.house_id, bindings.c.via)
                .where(tuple_(bindings.c.account_id, bindings.c.house_id) > tuple_(*after))
                .order_by(bindings.c.account_id, bindings.c.house_id)
                .limit(batch_size)
            ).all()
            for row in rows:
                uow.publish(
                    events_pb2.HouseBound(house_id=row.house_id, account_id=row.account_id, via=row.via)
                )
            uow.commit()
        if not rows:
            break
        total += len(rows)
        after = (rows[-1].account_id, rows[-1].house_id)
    print(f"registry: republished {total} bindings")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="registry")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import houses and owners from a CSV or JSON-lines extract")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=("csv", "jsonl"), default="jsonl")
    rot = sub.add_parser("rotate-keys", help="re-encrypt personal data under the active key")
    rot.add_argument("--batch-size", type=int, default=500)
    rep = sub.add_parser("republish-bindings", help="publish HouseBound again for every binding (backfill)")
    rep.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args(argv)

    if args.command == "import":
        app = bootstrap()
        try:
            records = validate_all(read_records(args.file.read_text(encoding="utf-8"), args.format))
        except ImportRejected as exc:
            print(exc.message, file=sys.stderr)
            return 1
        with app.db.unit_of_work() as uow:
            count = import_records(uow, app.keyring, records)
        print(f"registry: imported {count} houses")
    elif args.command == "rotate-keys":
        rotate_keys(args.batch_size)
    else:
        republish_bindings(args.batch_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
