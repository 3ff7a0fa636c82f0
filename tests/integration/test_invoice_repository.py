"""InvoiceRepository on PostgreSQL and on SQLite (the default of `make run`): the writes that decide
"stored by this call" (``maintfund_common.db.insert_once``) keep their promise when another transaction
got there first, and leave the caller's transaction usable (a savepoint, not an aborted transaction)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from invoice.adapters.repository import InvoiceRepository
from invoice.bootstrap import database
from invoice.domain.receipts import InvoiceStatus, PaidDeposit
from maintfund_common.db import Database, utcnow
from tests.conftest import migrated_sqlite

pytestmark = pytest.mark.integration
InvoiceDb = Database[InvoiceRepository]


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[InvoiceDb]:
    if request.param == "postgresql":
        url = request.getfixturevalue("migrated_databases")["invoice"]
    else:  # a unique violation inside a savepoint must leave SQLite's transaction usable too
        url = migrated_sqlite("invoice", tmp_path)
    opened = database(url)
    assert opened.engine.dialect.name == request.param
    yield opened
    opened.dispose()


def paid(**changes: object) -> PaidDeposit:
    values: dict[str, object] = {
        "deposit_id": str(uuid.uuid4()),
        "house_id": str(uuid.uuid4()),
        "business_no": f"RP{uuid.uuid4().hex[:16].upper()}",
        "amount_fen": 1_234_500,
        "paid_at": datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        "channel": "",
        "payer_account_id": "",
        "owner_name": "欧阳娜娜",
        "house_address": "朝阳区仓储路1号",
        "area_m2": "82.30",
        "payment_type": "",
    }
    values.update(changes)
    return PaidDeposit(**values)  # type: ignore[arg-type]


def test_the_first_copy_of_a_deposit_wins_and_the_transaction_goes_on(
    db: Database[InvoiceRepository],
) -> None:
    deposit = paid()
    with db.unit_of_work() as uow:
        assert uow.repo.add_deposit(deposit, "first-token")
        uow.commit()
    with db.unit_of_work() as uow:
        # the same deposit again (an event and a lookup at the same moment): the insert hits the key
        assert not uow.repo.add_deposit(paid(deposit_id=deposit.deposit_id, amount_fen=1), "second-token")
        uow.repo.add_binding("acc-after-the-conflict", deposit.house_id, utcnow())  # still usable
        uow.commit()
    with db.reading() as repo:
        stored = repo.get_deposit(deposit.deposit_id)
        assert repo.is_bound("acc-after-the-conflict", deposit.house_id)
    assert stored is not None
    assert (stored.owner_name_enc, stored.amount_fen) == ("first-token", 1_234_500)
    # an event's empty fields are stored as the copy's defaults; an empty payer is none
    assert stored.payer_account_id is None


def test_a_clash_on_another_key_is_not_taken_for_the_same_deposit(db: InvoiceDb) -> None:
    first = paid()
    with db.unit_of_work() as uow:
        assert uow.repo.add_deposit(first, "t")
        uow.commit()
    with db.unit_of_work() as uow, pytest.raises(IntegrityError):
        uow.repo.add_deposit(paid(business_no=first.business_no), "t")


def test_two_requests_racing_for_a_deposit_get_one_active_receipt(db: InvoiceDb) -> None:
    deposit = paid()
    with db.unit_of_work() as uow:
        uow.repo.add_deposit(deposit, "t")
        uow.commit()
    first_id, second_id = str(uuid.uuid4()), str(uuid.uuid4())
    outcome: dict[str, object] = {}

    def second_request() -> None:
        with db.unit_of_work() as uow:
            outcome["stored"] = uow.repo.add_active_invoice(second_id, deposit.deposit_id, deposit.amount_fen)
            active = uow.repo.active_invoice(deposit.deposit_id)
            outcome["active"] = active.invoice_id if active else None
            uow.commit()

    with db.unit_of_work() as uow:
        assert uow.repo.add_active_invoice(first_id, deposit.deposit_id, deposit.amount_fen)
        racer = threading.Thread(target=second_request, daemon=True)
        racer.start()
        racer.join(1.0)
        assert racer.is_alive()  # its insert waits on the one-active-receipt index for ours
        uow.commit()
    racer.join(20)
    assert not racer.is_alive()
    assert outcome == {"stored": False, "active": first_id}
    with db.reading() as repo:
        active = repo.active_invoice(deposit.deposit_id)
        assert repo.get_invoice(second_id) is None
    assert active is not None and (active.invoice_id, active.status) == (first_id, InvoiceStatus.ISSUING)


def test_a_paper_receipt_for_a_deposit_not_copied_yet_changes_nothing(
    db: Database[InvoiceRepository],
) -> None:
    with db.unit_of_work() as uow:
        assert not uow.repo.record_paper_receipt(str(uuid.uuid4()), "P1")
