"""Identity's part of the demo data (the personas of DESIGN §4.4) and the bench's synthetic accounts."""

from __future__ import annotations

from sqlalchemy import delete, select

from identity.adapters.orm import account_houses, accounts, inbox, outbox, sms_codes
from identity.bootstrap import bootstrap
from identity.service_layer.bindings import record_binding
from identity.service_layer.registration import RegisterAccount, register_account
from maintfund.events.v1 import events_pb2
from maintfund_dev import demo
from maintfund_dev.synthetic import synthetic_house

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
