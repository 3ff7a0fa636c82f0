"""Identity command line: demo seed (and reset), accounts of synthetic owners for benchmarks.

python -m identity.entrypoints.cli seed-demo
python -m identity.entrypoints.cli seed-synthetic-accounts --count 200 [--seed 1]
python -m identity.entrypoints.cli rotate-keys [--batch-size 500]
python -m identity.entrypoints.cli reconcile-copies
    (the copy of registry's bindings checked against registry and repaired; prints what)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy import delete, select

from identity.adapters.orm import account_houses, accounts, inbox, outbox, sms_codes
from identity.bootstrap import Identity, bootstrap
from identity.service_layer.accounts import ID_CTX, NAME_CTX, PHONE_CTX
from identity.service_layer.bindings import record_binding
from identity.service_layer.registration import RegisterAccount, register_account
from maintfund.events.v1 import events_pb2
from maintfund_common import demo
from maintfund_common.copies import reconcile_all
from maintfund_common.key_rotation import EncryptedColumns, rotate
from maintfund_common.synthetic import synthetic_house

SYNTHETIC_PASSWORD = "Bench@2026"  # noqa: S105 - synthetic accounts of a benchmark register


def seed_demo() -> None:
    app = bootstrap()
    with app.db.engine.begin() as conn:
        for table in (sms_codes, account_houses, accounts, outbox, inbox):
            conn.execute(delete(table))
    for account in demo.ACCOUNTS:
        command = RegisterAccount(
            username=account.username,
            password=demo.DEMO_PASSWORD,
            name=account.name,
            id_number=account.id_number,
            phone=account.phone,
            roles=account.roles,
            district_code=account.district_code,
            account_id=account.account_id,
        )
        with app.db.unit_of_work() as uow:
            register_account(uow, app.deps, command, verify_real_name=False, self_service=False)
    # the register's demo bindings (registry's seed writes them without HouseBound events)
    with app.db.unit_of_work() as uow:
        for house in demo.HOUSES:
            for username in house.bound_to:
                event = events_pb2.HouseBound(
                    account_id=demo.demo_id("account", username), house_id=house.house_id
                )
                record_binding(uow, event)
        uow.commit()
    print(f"identity: seeded {len(demo.ACCOUNTS)} demo accounts")


def synthetic_username(index: int) -> str:
    return f"bench{index:06d}"


def seed_synthetic_accounts(count: int, seed: int) -> None:
    """Accounts ``bench000000``… for the owners of synthetic houses 0..count-1 (login binds the house)."""
    app = bootstrap()
    with app.db.reader.connect() as conn:
        existing = set(
            conn.execute(select(accounts.c.username).where(accounts.c.username.like("bench%"))).scalars()
        )
    created = 0
    for index in range(count):
        username = synthetic_username(index)
        if username in existing:
            continue
        house = synthetic_house(seed, index)
        command = RegisterAccount(
            username=username,
            password=SYNTHETIC_PASSWORD,
            name=house.owner_name,
            id_number=house.owner_id_number,
            phone=f"139{index:08d}",
        )
        with app.db.unit_of_work() as uow:
            register_account(uow, app.deps, command, verify_real_name=False, self_service=False)
        created += 1
    print(f"identity: {created} synthetic accounts created, {count - created} already there")


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
    sub.add_parser("seed-demo", help="reset the accounts to the demo personas of DESIGN §4.4")
    syn = sub.add_parser("seed-synthetic-accounts", help="accounts of synthetic owners, for benchmarks")
    syn.add_argument("--count", type=int, required=True)
    syn.add_argument("--seed", type=int, default=1)
    rot = sub.add_parser("rotate-keys", help="re-encrypt personal data under the active key")
    rot.add_argument("--batch-size", type=int, default=500)
    sub.add_parser("reconcile-copies", help="check the copy of registry's bindings against registry, repair")
    args = parser.parse_args(argv)
    if args.command == "reconcile-copies":
        return reconcile_copies()
    if args.command == "seed-demo":
        seed_demo()
    elif args.command == "rotate-keys":
        rotate_keys(args.batch_size)
    else:
        seed_synthetic_accounts(args.count, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
