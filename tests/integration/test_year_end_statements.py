"""The year-end batch on a real PostgreSQL: one set-based statement gives every house the same figures as
its live statement from the ledger, and a rerun replaces the year rather than adding to it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import insert

from deposit.adapters.orm import account_houses, house_facts
from deposit.bootstrap import database as deposit_database
from deposit.domain.ledger import EntryKind, Posting
from deposit.service_layer import documents, ledger
from deposit.service_layer.access import HouseAccess
from maintfund_common import errors
from maintfund_common.db import Database, utcnow

pytestmark = pytest.mark.integration


@pytest.fixture()
def db(migrated_databases: dict[str, str]) -> Iterator[Database]:
    database = deposit_database(migrated_databases["deposit"])
    yield database
    database.dispose()


def _house(db: Database, account_id: str, history: list[tuple[EntryKind, int, datetime]]) -> str:
    house_id = str(uuid.uuid4())
    with db.engine.begin() as conn:
        conn.execute(
            insert(house_facts).values(
                house_id=house_id, district_code="110105", address="朝阳区测试路1号院2号楼3单元101",
                area_m2=Decimal("80.00"), property_kind="COMMODITY", storey_class="HIGH_RISE",
                deposits_blocked=False, updated_at=utcnow(),
            )
        )  # fmt: skip
        conn.execute(
            insert(account_houses).values(account_id=account_id, house_id=house_id, bound_at=utcnow())
        )
    with db.unit_of_work() as uow:
        for n, (kind, fen, at) in enumerate(history):
            if kind.is_deposit:
                deltas = (fen, 0)
            elif kind is EntryKind.INTEREST:
                deltas = (0, fen)
            else:
                deltas = (-fen, 0)
            ledger.post(uow, house_id, Posting(kind, *deltas, f"Y{uuid.uuid4().hex[:20]}{n}", at))
        uow.commit()
    return house_id


def test_the_batch_equals_each_live_statement_and_reruns_replace(db: Database) -> None:
    account = str(uuid.uuid4())
    # 2025-12-31 16:30 UTC is 2026-01-01 00:30 in Beijing: it belongs to 2026
    houses = [
        _house(db, account, [
            (EntryKind.FIRST_DEPOSIT, 1_000_000, datetime(2024, 5, 1, tzinfo=UTC)),
            (EntryKind.INTEREST, 3_500, datetime(2025, 3, 21, tzinfo=UTC)),
            (EntryKind.APPORTIONMENT, 400_000, datetime(2025, 8, 1, tzinfo=UTC)),
            (EntryKind.REPLENISHMENT, 100_000, datetime(2025, 12, 31, 16, 30, tzinfo=UTC)),
        ]),
        _house(db, account, [(EntryKind.FIRST_DEPOSIT, 500_000, datetime(2025, 12, 31, 15, 59, tzinfo=UTC))]),
    ]  # fmt: skip
    access = HouseAccess(db, b"k")
    assert documents.year_end_statements(db, 2025) >= 2
    assert documents.year_end_statements(db, 2025) >= 2  # rerun: replaced, not added (primary key)
    with db.reading() as repo:
        for house_id in houses:
            live = documents.annual_statement(repo, access, account, house_id, 2025).totals
            stored = repo.stored_statement(house_id, 2025)
            assert stored == live and live.reconciles()
        first = documents.annual_statement(repo, access, account, houses[0], 2025).totals
        assert (first.opening_balance_fen, first.interest_fen, first.apportionments_fen) == (
            1_000_000,
            3_500,
            -400_000,
        )
        assert first.deposits_fen == 0 and first.closing_balance_fen == 603_500
        second = documents.annual_statement(repo, access, account, houses[1], 2025).totals
        assert second.deposits_fen == 500_000 and second.closing_balance_fen == 500_000
        with pytest.raises(errors.NotFound):
            documents.annual_statement(repo, access, str(uuid.uuid4()), houses[0], 2025)  # not bound
        with pytest.raises(errors.NotFound):
            documents.annual_statement(repo, access, account, houses[1], 2024)  # before its history
