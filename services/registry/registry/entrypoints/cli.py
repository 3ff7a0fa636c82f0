"""Registry command line: bulk import, demo seed (and reset), synthetic register for benchmarks.

python -m registry.entrypoints.cli import --format jsonl FILE
python -m registry.entrypoints.cli seed-demo
python -m registry.entrypoints.cli seed-synthetic --houses 1000000 [--seed 1]
python -m registry.entrypoints.cli rotate-keys [--batch-size 500]
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from itertools import islice
from pathlib import Path

from sqlalchemy import select, tuple_

from maintfund.events.v1 import events_pb2
from maintfund_common import bulk, demo
from maintfund_common.db import utcnow
from maintfund_common.key_rotation import EncryptedColumns, rotate
from maintfund_common.synthetic import synthetic_houses
from registry.adapters.orm import bindings, houses, owners, registrations
from registry.bootstrap import bootstrap
from registry.domain.model import BindingVia, House, PropertyKind, StoreyClass
from registry.domain.owners import ID_CONTEXT, NAME_CONTEXT
from registry.domain.registrations import APPLICANT_CONTEXT, PHONE_CONTEXT
from registry.service_layer.importing import (
    HouseRecord,
    ImportRejected,
    OwnerRecord,
    import_records,
    owner_rows,
    read_records,
    validate_all,
    wipe,
)


def demo_records() -> list[HouseRecord]:
    return [
        HouseRecord(
            House(
                house_id=h.house_id,
                district_code=h.district_code,
                address=h.address,
                area_m2=Decimal(h.area_m2),
                property_kind=PropertyKind(h.property_kind),
                storey_class=StoreyClass(h.storey_class),
                house_type=h.house_type,
                contract_no=h.contract_no,
                cert_no=h.cert_no,
                needs_refund=h.needs_refund,
                fund_registered=h.fund_registered,
            ),
            tuple(OwnerRecord(o.name, o.id_number) for o in h.owners),
        )
        for h in demo.HOUSES
    ]


def seed_demo() -> None:
    app = bootstrap()
    wipe(app.db)
    accounts = {a.username: a.account_id for a in demo.ACCOUNTS}
    with app.db.unit_of_work() as uow:
        import_records(uow, app.keyring, demo_records())
    with app.db.unit_of_work() as uow:
        for house in demo.HOUSES:
            bound = [accounts[u] for u in house.bound_to]
            for account_id in bound:
                uow.repo.add_bindings(account_id, [house.house_id], BindingVia.IDENTITY_MATCH)
        uow.commit()
    print(f"registry: seeded {len(demo.HOUSES)} demo houses")


def seed_synthetic(count: int, seed: int, chunk: int = 50_000) -> None:
    """Add houses 0..count-1 of the synthetic register: COPY on PostgreSQL, Core inserts elsewhere."""
    app = bootstrap()
    started = time.monotonic()
    now = utcnow()
    house_columns = (
        "house_id", "district_code", "address", "area_m2", "property_kind", "storey_class", "house_type",
        "contract_no", "cert_no", "needs_refund", "closed", "fund_registered", "created_at",
    )  # fmt: skip
    owner_columns = ("house_id", "name_enc", "id_number_enc", "identity_index")
    generated = synthetic_houses(count, seed)
    with app.db.engine.begin() as conn:
        bulk.tune_for_bulk_load(conn)
        with bulk.deferred_indexes(conn, houses, owners):
            while batch := list(islice(generated, chunk)):
                bulk.load_rows(
                    conn,
                    houses,
                    house_columns,
                    (
                        (h.house_id, h.district_code, h.address, Decimal(h.area_m2), h.property_kind,
                         h.storey_class, h.house_type, h.contract_no, h.cert_no, False, False, True, now)
                        for h in batch
                    ),
                )  # fmt: skip
                bulk.load_rows(
                    conn,
                    owners,
                    owner_columns,
                    (
                        tuple(row[c] for c in owner_columns)
                        for h in batch
                        for row in owner_rows(
                            app.keyring, h.house_id, [OwnerRecord(h.owner_name, h.owner_id_number)]
                        )
                    ),
                )
    app.db.dispose()
    print(f"registry: seeded {count} synthetic houses in {time.monotonic() - started:.1f}s")


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
    sub.add_parser("seed-demo", help="reset the registry to the demo data of DESIGN §4.4")
    syn = sub.add_parser("seed-synthetic", help="add a deterministic synthetic register")
    syn.add_argument("--houses", type=int, required=True)
    syn.add_argument("--seed", type=int, default=1)
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
    elif args.command == "seed-demo":
        seed_demo()
    elif args.command == "rotate-keys":
        rotate_keys(args.batch_size)
    elif args.command == "republish-bindings":
        republish_bindings(args.batch_size)
    else:
        seed_synthetic(args.houses, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
