"""Structural performance rules of DESIGN §7, asserted on the real PostgreSQL (not timed):
statements per request independent of list length (houses, ledgers, a page of messages), no OFFSET on
ledger queries, one plan kept for a page of fund details, one gRPC channel per target per process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event, insert, text

from deposit.adapters.orm import account_houses, house_accounts, house_facts, ledger_entries
from deposit.bootstrap import database as deposit_database
from deposit.domain.billing import BillStatus, PaymentType
from deposit.service_layer import billing
from deposit.service_layer import ledger as deposit_ledger
from deposit.service_layer.access import Asker, HouseAccess
from maintfund_common.db import Database
from maintfund_common.field_crypto import KeyRing
from maintfund_common.grpc_client import DEFAULT_POOL
from notification.bootstrap import database as notification_database
from notification.domain.messages import Draft, Kind
from notification.service_layer import messages as notification_messages
from registry.adapters.repository import RegistryRepository
from registry.bootstrap import database as registry_database
from registry.domain.model import BindingVia
from registry.service_layer import register as registry_register
from registry.service_layer.importing import HouseRecord, OwnerRecord, import_records
from tests.conftest import migrated_sqlite

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's transaction start, emitted as a statement
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture(scope="module")
def registry_db(migrated_databases: dict[str, str]) -> Iterator[Database]:
    db = registry_database(migrated_databases["registry"])
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def deposit_db(migrated_databases: dict[str, str]) -> Iterator[Database]:
    db = deposit_database(migrated_databases["deposit"])
    yield db
    db.dispose()


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def owner_reads_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """Deposit's database on both engines: the owners' one-statement reads run on `make run`'s SQLite too."""
    if request.param == "postgresql":
        db = deposit_database(request.getfixturevalue("migrated_databases")["deposit"])
    else:
        db = deposit_database(migrated_sqlite("deposit", tmp_path_factory.mktemp("owner-reads")))
    yield db
    db.dispose()


def _bind_houses(db: Database, account_id: str, count: int, tag: str) -> list[str]:
    from registry.domain.model import House, PropertyKind, StoreyClass

    records = [
        HouseRecord(
            House(
                house_id=f"{tag}-{i:04d}",
                district_code="110105",
                address=f"朝阳区结构测试路{tag}号{i}",
                area_m2=Decimal("88.00"),
                property_kind=PropertyKind.COMMODITY,
                storey_class=StoreyClass.HIGH_RISE,
                house_type="商品房",
                contract_no=f"STRUCT{tag}{i:04d}",
                cert_no="",
            ),
            (OwnerRecord("王小明", "110105198001011238"),),
        )
        for i in range(count)
    ]
    with db.unit_of_work() as uow:
        import_records(uow, KeyRing.for_development(), records)
    with db.unit_of_work() as uow:
        uow.repo.add_bindings(account_id, [r.house.house_id for r in records], BindingVia.IDENTITY_MATCH)
        uow.commit()
    return [r.house.house_id for r in records]


def test_list_account_houses_statements_do_not_grow_with_the_list(registry_db: Database) -> None:
    _bind_houses(registry_db, "acct-one", 1, "one")
    _bind_houses(registry_db, "acct-fifty", 50, "fifty")
    counts = {}
    for account, size in (("acct-one", 1), ("acct-fifty", 50)):
        with counted(registry_db) as statements, registry_db.session_factory() as session:
            page = registry_register.list_account_houses(RegistryRepository(session), account, "", 100, "")
        assert len(page.houses) == size
        counts[size] = len(statements)
    assert counts[1] == counts[50] <= 2


def _ledger(db: Database, house_id: str, entries: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            insert(house_accounts),
            [
                {
                    "house_id": house_id,
                    "principal_fen": 100,
                    "interest_fen": 0,
                    "first_deposit_fen": 100,
                    "updated_at": NOW,
                }
            ],
        )
        conn.execute(
            insert(ledger_entries),
            [
                {
                    "house_id": house_id, "kind": "INTEREST", "principal_delta_fen": 0,
                    "interest_delta_fen": 1, "principal_after_fen": 100, "interest_after_fen": i,
                    "business_no": f"ST{house_id}{i:05d}",
                    "booked_at": NOW, "summary": "",
                }
                for i in range(entries)
            ],
        )  # fmt: skip


def _facts_and_binding(db: Database, account_id: str, house_id: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            insert(house_facts).values(
                house_id=house_id, district_code="110105", address=f"朝阳区结构路{house_id}",
                area_m2=Decimal("80.00"), property_kind="COMMODITY", storey_class="HIGH_RISE",
                deposits_blocked=False, updated_at=NOW,
            )
        )  # fmt: skip
        conn.execute(insert(account_houses).values(account_id=account_id, house_id=house_id, bound_at=NOW))


def test_ledger_and_account_batches_statements_do_not_grow_with_the_list(owner_reads_db: Database) -> None:
    houses = [f"struct-h{i:03d}" for i in range(50)]
    for i, house in enumerate(houses):
        _ledger(owner_reads_db, house, 60 if i == 0 else 1)
        _facts_and_binding(owner_reads_db, "struct-owner", house)
    access, owner = HouseAccess(owner_reads_db, b"k"), Asker("struct-owner")
    counts: dict[str, dict[int, int]] = {"ledger": {}, "accounts": {}, "houses": {}}
    for size in (1, 50):
        with counted(owner_reads_db) as statements, owner_reads_db.reading() as repo:
            page = deposit_ledger.ledger_page(repo, access, owner, houses[0], requested_size=size, cursor="")
            assert len(page.entries) == size
        counts["ledger"][size] = len(statements)
        with counted(owner_reads_db) as statements, owner_reads_db.reading() as repo:
            assert len(deposit_ledger.house_accounts(repo, houses[:size])) == size
        counts["accounts"][size] = len(statements)
        with counted(owner_reads_db) as statements, owner_reads_db.reading() as repo:
            listed = deposit_ledger.account_houses(repo, "struct-owner", "", size, "")
            assert len(listed.houses) == size and listed.total_bound == 50
        counts["houses"][size] = len(statements)
    # an owner's page with its house's facts, the binding checked in the same statement
    assert counts["ledger"][1] == counts["ledger"][50] == 1
    assert counts["accounts"][1] == counts["accounts"][50] == 1
    assert counts["houses"][1] == counts["houses"][50] == 1  # the page with balances and the count
    with counted(owner_reads_db) as statements, owner_reads_db.reading() as repo:
        house, _ = deposit_ledger.account_house(repo, access, "struct-owner", houses[0])
        entry, _, entry_house = deposit_ledger.ledger_entry(
            repo, access, owner, houses[0], page.entries[0].entry_id
        )
    assert house.house_id == entry_house.house_id == entry.house_id == houses[0]
    assert len(statements) == 2  # the house with its account; the entry with its receipt and house
    with counted(owner_reads_db) as statements, owner_reads_db.reading() as repo:
        past_the_end = deposit_ledger.account_houses(repo, "struct-owner", "", 10, houses[-1])
    assert past_the_end.houses == [] and past_the_end.total_bound == 50 and len(statements) == 2
    for house in houses[:3]:  # 我要交款 lists the bills of all bound houses in one statement
        with owner_reads_db.unit_of_work() as uow:
            billing.raise_bill(uow, house, PaymentType.TOP_UP, amount_fen=1_000)
    with counted(owner_reads_db) as statements, owner_reads_db.reading() as repo:
        pending = billing.account_bills(repo, "struct-owner", BillStatus.PENDING)
    assert sorted(b.view.bill.house_id for b in pending) == houses[:3] and len(statements) == 1


def test_a_page_of_messages_and_its_unread_count_take_two_statements_whatever_its_length(
    migrated_databases: dict[str, str],
) -> None:
    db = notification_database(migrated_databases["notification"])
    counts = {}
    try:
        for size in (1, 50):
            account = f"struct-messages-{size}"
            with db.unit_of_work() as uow:
                for i in range(size):
                    draft = Draft(account, Kind.BILL_RAISED, "新的待交存账单", f"第{i}张", "/bills")
                    assert uow.repo.add_notification(draft, f"bill:struct-{size}-{i}", NOW)
                uow.commit()
            with counted(db) as statements, db.reading() as repo:
                page = notification_messages.list_page(repo, account, 100, "")
            assert len(page.items) == page.unread_count == size
            counts[size] = len(statements)
    finally:
        db.dispose()
    assert counts[1] == counts[50] == 2  # the page, the count


def test_no_offset_in_ledger_queries(deposit_db: Database) -> None:
    house = "struct-offset"
    _ledger(deposit_db, house, 45)
    with counted(deposit_db) as statements, deposit_db.reading() as repo:
        cursor = ""
        pages = 0
        while True:
            page = deposit_ledger.ledger_page(
                repo, HouseAccess(deposit_db, b"k"), None, house, requested_size=20, cursor=cursor
            )
            pages += 1
            if not page.next_cursor:
                break
            cursor = page.next_cursor
    assert pages == 3
    assert statements and not [s for s in statements if re.search(r"\bOFFSET\b", s, re.IGNORECASE)]
    ledger_reads = [s for s in statements if "ledger_entries" in s]
    assert ledger_reads and all(re.search(r"\bLIMIT\b", s, re.IGNORECASE) for s in ledger_reads)
    source = (ROOT / "services/deposit/deposit/adapters/ledger_repository.py").read_text(encoding="utf-8")
    assert not re.search(r"\.offset\(|OFFSET\s+[:%\d]", source, re.IGNORECASE)


def test_postgresql_keeps_one_plan_for_a_page_of_fund_details() -> None:
    """The fund-details page is planned once per connection and page size, not anew at every request (as
    it was while its LIMIT was a parameter, costed by PostgreSQL's generic plan for a tenth of the matching
    rows). Which plan is kept follows the table's statistics; the statement's form leaves the
    (house_id, entry_id) index as the only ordered walk (the bench's long ledger)."""
    from tests.conftest import DB_PREFIX, migrate, recreate_database

    url = recreate_database(f"{DB_PREFIX}int_plan_deposit")
    migrate("deposit", url)
    db = deposit_database(url)
    house, owner = "struct-plan", "struct-plan-owner"
    _ledger(db, house, 30)
    _facts_and_binding(db, owner, house)
    with db.engine.begin() as conn:  # other houses' ledgers, analysed: on a small table any plan is cheap
        conn.execute(
            text(
                "INSERT INTO ledger_entries (house_id, kind, principal_delta_fen, interest_delta_fen,"
                " principal_after_fen, interest_after_fen, business_no, booked_at, summary)"
                " SELECT 'struct-other' || (n % 2000), 'INTEREST', 0, 1, 100, n, 'SO' || n, now(), ''"
                " FROM generate_series(1, 40000) AS n"
            )
        )
        conn.execute(text("ANALYZE ledger_entries"))
    try:
        with db.reader.connect() as conn:
            repo = db.repositories(conn)
            for _ in range(15):  # psycopg prepares the statement after 5 executions, PostgreSQL weighs 5 more
                found = repo.bound_ledger_page(owner, house, None, 21)
            assert found is not None and len(found[1]) == 21
            name, generic_plans, types = conn.execute(
                text(
                    "SELECT name, generic_plans, parameter_types::text[] FROM pg_prepared_statements"
                    " WHERE statement LIKE '%FROM ledger_entries JOIN house_facts%'"
                )
            ).one()
            # a kept generic plan answers EXPLAIN for any arguments of the statement's types
            arguments = ", ".join(f"NULL::{t}" for t in types)
            plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN EXECUTE {name}({arguments})").scalars())
    finally:
        db.dispose()
    assert generic_plans >= 1, "PostgreSQL plans the page anew at every execution"
    assert "$1" in plan, plan  # EXPLAIN shows the kept generic plan, not one made for these values


def test_gateway_clients_share_one_channel_per_target() -> None:
    from gateway.clients import make_clients
    from gateway.config import Config

    config = Config.from_env()
    first, second = make_clients(config), make_clients(config)
    before = DEFAULT_POOL.channel_count()
    for clients in (first, second):
        for client in (clients.identity, clients.registry, clients.deposit):
            client._current_stub()  # what every call does first
    targets = {config.identity_addr, config.registry_addr, config.deposit_addr}
    assert DEFAULT_POOL.channel_count() - before <= len(targets)
    assert first.registry._current_stub() is first.registry._current_stub()
    assert DEFAULT_POOL.get(config.registry_addr) is DEFAULT_POOL.get(config.registry_addr)


def test_synthetic_ledgers_load_by_copy_and_keep_their_indexes(monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import create_engine

    from maintfund_dev import deposit_seed
    from tests.conftest import DB_PREFIX, migrate, recreate_database

    url = recreate_database(f"{DB_PREFIX}int_bulk_deposit")
    migrate("deposit", url)
    monkeypatch.setenv("DATABASE_URL", url)
    deposit_seed.seed_synthetic(count=30, seed=7, entries=5, long_ledger=40, chunk=8)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ledger_entries")).scalar() == 30 * 5 + 40
        assert conn.execute(text("SELECT count(*) FROM house_accounts")).scalar() == 30
        indexes = set(
            conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'ledger_entries'")
            ).scalars()
        )
    engine.dispose()
    assert {"pk_ledger_entries", "ix_ledger_entries_house_entry", "uq_ledger_entries_business_no"} <= indexes
