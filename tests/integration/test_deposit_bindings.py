"""Deposit's copy of the register's bindings (HouseBound events) on a real PostgreSQL: it answers an
owner's fund-details read in one call, and anything it does not bind sends the caller back to registry."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from deposit.adapters.orm import account_houses, house_facts, metadata
from deposit.domain.ledger import EntryKind, Posting
from deposit.service_layer import handlers
from maintfund.events.v1 import events_pb2
from maintfund_common import errors
from maintfund_common.db import Database, session_scope, utcnow

pytestmark = pytest.mark.integration


@pytest.fixture()
def db(migrated_databases: dict[str, str]) -> Iterator[Database]:
    database = Database(migrated_databases["deposit"], metadata)
    yield database
    database.dispose()


def _house_with_entries(db: Database, entries: int = 3) -> str:
    house_id = str(uuid.uuid4())
    with db.engine.begin() as conn:
        conn.execute(
            insert(house_facts).values(
                house_id=house_id,
                district_code="110105",
                address="朝阳区测试路1号院1号楼101",
                area_m2=Decimal("88.50"),
                property_kind="COMMODITY",
                storey_class="HIGH_RISE",
                deposits_blocked=False,
                updated_at=utcnow(),
            )
        )
    for n in range(entries):
        with db.unit_of_work() as uow:
            business_no = f"T{uuid.uuid4().hex[:12]}{n}"
            posting = Posting(EntryKind.INTEREST, 0, 100, business_no, utcnow(), "", "增值")
            handlers.post(uow, house_id, posting)
            uow.commit()
    return house_id


def _bind(db: Database, account_id: str, house_id: str) -> None:
    with db.unit_of_work() as uow:
        handlers.record_binding(uow, events_pb2.HouseBound(account_id=account_id, house_id=house_id))
        uow.commit()


def test_a_bound_house_is_answered_with_its_facts(db: Database) -> None:
    house_id, account_id = _house_with_entries(db), str(uuid.uuid4())
    _bind(db, account_id, house_id)
    _bind(db, account_id, house_id)  # the same fact again (a republished binding): no second row
    with session_scope(db) as session:
        page = handlers.ledger_page(session, house_id, 2, "", account_id)
        entry_id = page.entries[0].entry_id
        entry, _receipt, house = handlers.ledger_entry(session, house_id, entry_id, account_id)
        copies = session.execute(
            select(func.count()).select_from(account_houses).where(account_houses.c.house_id == house_id)
        ).scalar_one()
    assert len(page.entries) == 2 and page.next_cursor
    assert page.house is not None and page.house.address == "朝阳区测试路1号院1号楼101"
    assert page.house.area_m2 == "88.50" and page.house.property_kind == "COMMODITY"
    assert entry.entry_id == entry_id and house == page.house
    assert copies == 1


@pytest.mark.parametrize("case", ["other_account", "binding_without_facts", "no_binding"])
def test_anything_not_bound_is_not_found_with_the_registry_reason(db: Database, case: str) -> None:
    house_id, account_id = _house_with_entries(db, entries=1), str(uuid.uuid4())
    if case == "other_account":
        _bind(db, str(uuid.uuid4()), house_id)
    elif case == "binding_without_facts":
        house_id = str(uuid.uuid4())  # HouseBound came before the house's HouseRegistered
        _bind(db, account_id, house_id)
    with session_scope(db) as session, pytest.raises(errors.NotFound) as raised:
        handlers.ledger_page(session, house_id, 20, "", account_id)
    assert raised.value.code == handlers.HOUSE_NOT_BOUND
    with session_scope(db) as session, pytest.raises(errors.NotFound) as raised:
        handlers.ledger_entry(session, house_id, 1, account_id)
    assert raised.value.code == handlers.HOUSE_NOT_BOUND


def test_without_an_account_the_caller_has_checked_the_binding(db: Database) -> None:
    house_id = _house_with_entries(db, entries=1)
    with session_scope(db) as session:
        page = handlers.ledger_page(session, house_id, 20, "")
    assert len(page.entries) == 1 and page.house is None
