"""Deposit's copy of the register's bindings (HouseBound events) on a real PostgreSQL: it answers an
owner's fund-details read in one call, and anything it does not bind sends the caller back to registry."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from deposit.adapters.orm import account_houses, house_facts
from deposit.bootstrap import database as deposit_database
from deposit.domain.access import Access
from deposit.domain.ledger import EntryKind, Posting
from deposit.service_layer import copies, ledger
from deposit.service_layer.access import Asker, HouseAccess, RegistryLookups
from maintfund.events.v1 import events_pb2
from maintfund_common import errors, house_grants
from maintfund_common.db import Database, utcnow

pytestmark = pytest.mark.integration
GRANT_KEY = b"test-house-grant-key"


@pytest.fixture()
def db(migrated_databases: dict[str, str]) -> Iterator[Database]:
    database = deposit_database(migrated_databases["deposit"])
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
            ledger.post(uow, house_id, posting)
            uow.commit()
    return house_id


def _bind(db: Database, account_id: str, house_id: str) -> None:
    with db.unit_of_work() as uow:
        copies.record_binding(uow, events_pb2.HouseBound(account_id=account_id, house_id=house_id))
        uow.commit()


def _access(db: Database, registry: RegistryLookups | None = None) -> HouseAccess:
    return HouseAccess(db, GRANT_KEY, registry or RegistryLookups())


def test_a_bound_house_is_answered_with_its_facts(db: Database) -> None:
    house_id, account_id = _house_with_entries(db), str(uuid.uuid4())
    _bind(db, account_id, house_id)
    _bind(db, account_id, house_id)  # the same fact again (a republished binding): no second row
    access, asker = _access(db), Asker(account_id)
    with db.reading() as repo:
        page = ledger.ledger_page(repo, access, asker, house_id, requested_size=2, cursor="")
        entry_id = page.entries[0].entry_id
        entry, _receipt, house = ledger.ledger_entry(repo, access, asker, house_id, entry_id)
        rows = repo.session.execute(
            select(func.count()).select_from(account_houses).where(account_houses.c.house_id == house_id)
        ).scalar_one()
    assert len(page.entries) == 2 and page.next_cursor
    assert page.house is not None and page.house.address == "朝阳区测试路1号院1号楼101"
    assert page.house.area_m2 == "88.50" and page.house.property_kind == "COMMODITY"
    assert entry.entry_id == entry_id and house == page.house
    assert rows == 1


def test_a_binding_the_copy_lacks_is_asked_of_the_registry_and_kept(db: Database) -> None:
    """HouseBound still on its way (deposit's consumer stopped): the registry answers, the copy learns."""
    house_id, account_id = _house_with_entries(db, entries=1), str(uuid.uuid4())
    asked: list[tuple[str, str]] = []

    def is_bound(account: str, house: str) -> bool:
        asked.append((account, house))
        return (account, house) == (account_id, house_id)

    access = _access(db, RegistryLookups(is_bound=is_bound))
    with db.reading() as repo:
        page = ledger.ledger_page(repo, access, Asker(account_id), house_id, requested_size=5, cursor="")
    assert len(page.entries) == 1 and asked == [(account_id, house_id)]
    with db.reading() as repo:  # learned: the registry is not asked again
        ledger.ledger_page(repo, access, Asker(account_id), house_id, requested_size=5, cursor="")
    assert len(asked) == 1
    _bind(db, account_id, house_id)  # the event arrives late: still one row
    with db.reading() as repo:
        assert repo.is_bound(account_id, house_id)
        assert (
            repo.session.execute(
                select(func.count()).select_from(account_houses).where(account_houses.c.house_id == house_id)
            ).scalar_one()
            == 1
        )


def test_facts_the_copy_lacks_are_asked_of_the_registry(db: Database) -> None:
    house_id, account_id = str(uuid.uuid4()), str(uuid.uuid4())
    _bind(db, account_id, house_id)  # HouseBound came before the house's HouseRegistered
    facts = events_pb2.HouseRegistered(
        house_id=house_id,
        district_code="110105",
        area_m2="70.00",
        property_kind="COMMODITY",
        storey_class="HIGH_RISE",
        address="朝阳区测试路9号",
    )
    access = _access(db, RegistryLookups(house_facts=lambda h: facts if h == house_id else None))
    with db.reading() as repo:
        page = ledger.ledger_page(repo, access, Asker(account_id), house_id, requested_size=5, cursor="")
    assert page.house is not None and page.house.address == "朝阳区测试路9号" and page.entries == []
    with db.reading() as repo:
        assert repo.house_summary(house_id) == page.house


def test_a_grant_opens_someone_elses_house_to_that_account_only(db: Database) -> None:
    house_id, owner, visitor = _house_with_entries(db, entries=1), str(uuid.uuid4()), str(uuid.uuid4())
    _bind(db, owner, house_id)
    grant, _ = house_grants.issue(GRANT_KEY, visitor, house_id)
    access = _access(db)
    with db.reading() as repo:
        page = ledger.ledger_page(repo, access, Asker(visitor, grant), house_id, requested_size=5, cursor="")
        assert len(page.entries) == 1
        assert access.check(repo, Asker(visitor, grant), house_id) is Access.GRANTED
        assert access.check(repo, Asker(owner), house_id) is Access.OWNER


def _other_house_grant(_db: Database, visitor: str, _house_id: str) -> str:
    return house_grants.issue(GRANT_KEY, visitor, str(uuid.uuid4()))[0]


def _other_account_grant(_db: Database, _visitor: str, house_id: str) -> str:
    return house_grants.issue(GRANT_KEY, str(uuid.uuid4()), house_id)[0]


def _expired_grant(_db: Database, visitor: str, house_id: str) -> str:
    return house_grants.issue(GRANT_KEY, visitor, house_id, now=time.time() - house_grants.TTL_SECONDS - 1)[0]


def _forged_grant(_db: Database, visitor: str, house_id: str) -> str:
    return house_grants.issue(b"another key", visitor, house_id)[0]


def _no_grant(_db: Database, _visitor: str, _house_id: str) -> str:
    return ""


@pytest.mark.parametrize(
    "grant_for", [_no_grant, _other_house_grant, _other_account_grant, _expired_grant, _forged_grant]
)
def test_anything_else_is_the_not_found_of_a_missing_house(db: Database, grant_for: Any) -> None:
    house_id, visitor = _house_with_entries(db, entries=1), str(uuid.uuid4())
    _bind(db, str(uuid.uuid4()), house_id)  # someone else's house
    asker = Asker(visitor, grant_for(db, visitor, house_id))
    access = _access(db)
    with db.reading() as repo, pytest.raises(errors.NotFound) as raised:
        ledger.ledger_page(repo, access, asker, house_id, requested_size=20, cursor="")
    with db.reading() as repo, pytest.raises(errors.NotFound) as missing:
        ledger.ledger_page(repo, access, asker, str(uuid.uuid4()), requested_size=20, cursor="")
    assert (raised.value.code, raised.value.message) == (missing.value.code, missing.value.message)
    with db.reading() as repo, pytest.raises(errors.NotFound):
        ledger.ledger_entry(repo, access, asker, house_id, 1)


def test_a_back_office_caller_reads_without_an_account(db: Database) -> None:
    house_id = _house_with_entries(db, entries=1)
    with db.reading() as repo:
        page = ledger.ledger_page(repo, _access(db), None, house_id, requested_size=20, cursor="")
    assert len(page.entries) == 1 and page.house is not None


def test_the_event_and_a_lookup_storing_one_binding_at_once(db: Database) -> None:
    """Both writers see no row and insert: the second waits on the primary key, loses when the first
    commits, and its transaction still commits (before the fix: a unique violation, a 502 at the gateway)."""
    import threading

    account_id, house_id = str(uuid.uuid4()), str(uuid.uuid4())
    event = events_pb2.HouseBound(account_id=account_id, house_id=house_id)
    outcome: dict[str, object] = {}
    first = db.unit_of_work().__enter__()
    copies.record_binding(first, event)  # inserted, not committed: holds the key

    def second_writer() -> None:
        try:
            with db.unit_of_work() as uow:
                copies.record_binding(uow, event)  # sees no row, inserts, waits for the first
                uow.commit()
            outcome["committed"] = True
        except Exception as exc:
            outcome["error"] = exc

    second = threading.Thread(target=second_writer)
    second.start()
    time.sleep(0.5)  # the second insert is waiting on the first's key
    first.commit()
    first.__exit__(None, None, None)
    second.join(10)
    assert outcome == {"committed": True}
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(func.count())
            .select_from(account_houses)
            .where(account_houses.c.account_id == account_id, account_houses.c.house_id == house_id)
        ).scalar_one()
    assert rows == 1
