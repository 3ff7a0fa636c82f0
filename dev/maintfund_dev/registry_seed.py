"""Registry's part of the demo data (DESIGN §4.4: houses, owners, bindings) and the bench's synthetic
register (houses and owners by COPY)."""

from __future__ import annotations

import time
from decimal import Decimal
from itertools import islice

from maintfund_common import bulk
from maintfund_common.db import utcnow
from maintfund_dev import demo
from maintfund_dev.synthetic import synthetic_houses
from registry.adapters.orm import houses, owners
from registry.bootstrap import bootstrap
from registry.domain.model import BindingVia, House, PropertyKind, StoreyClass
from registry.service_layer.importing import HouseRecord, OwnerRecord, import_records, owner_rows, wipe


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
