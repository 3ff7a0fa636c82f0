"""`make reconcile-copies` on the running suite: each service's event-fed copies, corrupted in the test
(rows lost, a field changed), are repaired from their sources over gRPC through the events' own handlers,
with a line per copy saying what was repaired; a second run repairs nothing. What an owner sees follows
the repaired copy (identity's house count on /me). The module resets the demo data afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import delete, select, update

from deposit.adapters.orm import deposits as deposit_deposits
from deposit.bootstrap import database as deposit_database
from identity.adapters.orm import account_houses as identity_bindings
from identity.adapters.orm import metadata as identity_metadata
from invoice.adapters.orm import account_houses as invoice_bindings
from invoice.adapters.orm import deposits as invoice_deposits
from invoice.adapters.orm import invoices
from invoice.adapters.orm import metadata as invoice_metadata
from maintfund_common.db import Database
from maintfund_dev import demo
from notification.adapters.orm import account_houses as notification_bindings
from notification.adapters.orm import metadata as notification_metadata
from tests.conftest import DB_PREFIX, PG_BASE
from tests.e2e.helpers import ApiClient

pytestmark = pytest.mark.e2e
LINE = re.compile(r"^(\w+): checked (\d+), repaired (\d+) \(missing (\d+), different (\d+)\)$")


@pytest.fixture(scope="module")
def databases(demo_reset: Callable[[], None]) -> Iterator[dict[str, Database]]:
    dbs = {
        "deposit": deposit_database(f"{PG_BASE}/{DB_PREFIX}e2e_deposit"),
        "invoice": Database(f"{PG_BASE}/{DB_PREFIX}e2e_invoice", invoice_metadata),
        "identity": Database(f"{PG_BASE}/{DB_PREFIX}e2e_identity", identity_metadata),
        "notification": Database(f"{PG_BASE}/{DB_PREFIX}e2e_notification", notification_metadata),
    }
    try:
        yield dbs
    finally:
        for db in dbs.values():
            db.dispose()
        demo_reset()


def reconcile(capfd: pytest.CaptureFixture[str]) -> list[tuple[str, int, int, int]]:
    """(copy, repaired, missing, different) per line, in the order identity, deposit, invoice,
    notification."""
    import devctl

    capfd.readouterr()
    devctl.reconcile_copies()
    lines = [m for line in capfd.readouterr().out.splitlines() if (m := LINE.match(line.strip()))]
    return [(m[1], int(m[3]), int(m[4]), int(m[5])) for m in lines]


def test_every_copy_is_repaired_from_its_source(
    databases: dict[str, Database], suite: str, capfd: pytest.CaptureFixture[str]
) -> None:
    deposit_db, invoice_db, identity_db = databases["deposit"], databases["invoice"], databases["identity"]
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    zhangwei = demo.demo_id("account", "zhangwei")
    house_count = api.get("/api/v1/me").json()["house_count"]
    assert house_count >= 2
    seeded = reconcile(capfd)
    assert all(repaired == 0 for _, repaired, _, _ in seeded), seeded  # the seeded copies agree

    with deposit_db.engine.begin() as conn:  # deposit's copy of a receipt state: changed
        receipted = conn.execute(
            select(deposit_deposits.c.deposit_id, deposit_deposits.c.invoice_status).where(
                deposit_deposits.c.receipt_kind == "ELECTRONIC"
            )
        ).first()
        assert receipted is not None and receipted.invoice_status == "ISSUED"
        conn.execute(
            update(deposit_deposits)
            .where(deposit_deposits.c.deposit_id == receipted.deposit_id)
            .values(invoice_status="FAILED")
        )
    with invoice_db.engine.begin() as conn:  # invoice's copies: a deposit lost, one changed, a binding lost
        without_receipt = list(
            conn.execute(
                select(invoice_deposits.c.deposit_id, invoice_deposits.c.amount_fen)
                .where(invoice_deposits.c.deposit_id.not_in(select(invoices.c.deposit_id)))
                .order_by(invoice_deposits.c.deposit_id)
                .limit(2)
            )
        )
        assert len(without_receipt) == 2
        lost, changed = without_receipt
        conn.execute(delete(invoice_deposits).where(invoice_deposits.c.deposit_id == lost.deposit_id))
        conn.execute(
            update(invoice_deposits)
            .where(invoice_deposits.c.deposit_id == changed.deposit_id)
            .values(amount_fen=changed.amount_fen + 1)
        )
        invoice_binding = conn.execute(select(invoice_bindings).limit(1)).first()
        conn.execute(
            delete(invoice_bindings).where(
                invoice_bindings.c.account_id == invoice_binding.account_id,
                invoice_bindings.c.house_id == invoice_binding.house_id,
            )
        )
    with databases["notification"].engine.begin() as conn:  # notification's copy: a binding lost
        conn.execute(
            delete(notification_bindings).where(
                notification_bindings.c.account_id == zhangwei,
                notification_bindings.c.house_id == demo.demo_id("house", "H1"),
            )
        )
    with identity_db.engine.begin() as conn:  # identity's copy: one of zhangwei's bindings lost
        conn.execute(
            delete(identity_bindings).where(
                identity_bindings.c.account_id == zhangwei,
                identity_bindings.c.house_id == demo.demo_id("house", "H1"),
            )
        )
    assert api.get("/api/v1/me").json()["house_count"] == house_count - 1  # the corrupted copy answers

    assert reconcile(capfd) == [
        ("account_houses", 1, 1, 0),  # identity
        ("house_facts", 0, 0, 0),  # deposit
        ("account_houses", 0, 0, 0),
        ("receipt_states", 1, 0, 1),
        ("deposits", 2, 1, 1),  # invoice
        ("account_houses", 1, 1, 0),
        ("account_houses", 1, 1, 0),  # notification
    ]
    assert api.get("/api/v1/me").json()["house_count"] == house_count
    with deposit_db.engine.connect() as conn:
        assert (
            conn.execute(
                select(deposit_deposits.c.invoice_status).where(
                    deposit_deposits.c.deposit_id == receipted.deposit_id
                )
            ).scalar_one()
            == "ISSUED"
        )
    with invoice_db.engine.connect() as conn:
        amounts = dict(
            conn.execute(
                select(invoice_deposits.c.deposit_id, invoice_deposits.c.amount_fen).where(
                    invoice_deposits.c.deposit_id.in_([lost.deposit_id, changed.deposit_id])
                )
            ).all()
        )
    assert amounts == {lost.deposit_id: lost.amount_fen, changed.deposit_id: changed.amount_fen}

    assert all(repaired == 0 for _, repaired, _, _ in reconcile(capfd))
