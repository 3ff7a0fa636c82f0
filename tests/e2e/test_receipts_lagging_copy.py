"""我要开票 right after paying, while the invoice service's copy of deposits lags (DESIGN §2).

The invoice consumer is stopped (SIGSTOP) before the owner pays, so the DepositPaid event waits in the
queue: the invoice service asks the deposit service, answers 202 and issues the receipt. When the
consumer goes on (SIGCONT), the late event changes nothing in the copy. The module pays one of
zhangwei's demo houses: it continues the consumer in any case, restores the suite and resets the demo
data afterwards, so the e2e modules after it see a whole suite with DESIGN §4.4's initial state.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from deposit.bootstrap import database as deposit_database
from deposit.domain.billing import PaymentType
from deposit.service_layer import billing
from invoice.adapters.orm import deposits, inbox
from invoice.adapters.orm import metadata as invoice_metadata
from maintfund_common.db import Database
from tests.conftest import DB_PREFIX, PG_BASE, SuiteProcesses
from tests.e2e.helpers import ApiClient, house_id

pytestmark = pytest.mark.e2e
DEPOSIT_PAID = "maintfund.events.v1.DepositPaid"


@pytest.fixture(scope="module")
def processes(suite_processes: SuiteProcesses, sandbox_url: str) -> Iterator[SuiteProcesses]:
    requests.post(f"{sandbox_url}/sandbox/einvoice/mode", json={"mode": "ok"}, timeout=5)
    try:
        yield suite_processes
    finally:
        suite_processes.restore()
        suite_processes.demo_reset()


@pytest.fixture(scope="module")
def databases(suite: str) -> Iterator[tuple[Database, Database]]:
    deposit_db = deposit_database(f"{PG_BASE}/{DB_PREFIX}e2e_deposit")
    invoice_db = Database(f"{PG_BASE}/{DB_PREFIX}e2e_invoice", invoice_metadata)
    yield deposit_db, invoice_db
    deposit_db.dispose()
    invoice_db.dispose()


def wait_for(check: Callable[[], Any], what: str, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"{what}: not in {timeout} s")


def copy_of(invoice_db: Database, deposit_id: str) -> dict[str, Any] | None:
    with invoice_db.engine.connect() as conn:
        row = conn.execute(select(deposits).where(deposits.c.deposit_id == deposit_id)).first()
    return dict(row._mapping) if row else None


def deposits_paid_consumed(invoice_db: Database) -> int:
    with invoice_db.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(inbox).where(inbox.c.event_type == DEPOSIT_PAID)
        ).scalar_one()


def test_receipt_requested_right_after_paying_while_the_invoice_consumer_is_stopped(
    processes: SuiteProcesses, databases: tuple[Database, Database], suite: str, sandbox_url: str
) -> None:
    deposit_db, invoice_db = databases
    with deposit_db.unit_of_work() as uow:  # back office: a 续交 bill on zhangwei's H1
        bill = billing.raise_bill(uow, house_id("H1"), PaymentType.TOP_UP, amount_fen=12_300).bill
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200

    consumer = processes.process("invoice-consumer")
    consumed_before = deposits_paid_consumed(invoice_db)
    os.kill(consumer.pid, signal.SIGSTOP)
    try:
        created = api.send("POST", f"/api/v1/bills/{bill.bill_id}/orders", json={"channel": "WECHAT"})
        assert created.status_code == 201, created.text
        order = created.json()
        paid = requests.post(
            f"{sandbox_url}/sandbox/pay", json={"out_trade_no": order["out_trade_no"]}, timeout=10
        )
        assert paid.status_code == 200, paid.text
        deposit_id = wait_for(
            lambda: (
                (body := api.get(f"/api/v1/orders/{order['order_id']}").json())["status"] == "PAID"
                and body["deposit_id"]
            ),
            "order PAID",
        )
        assert copy_of(invoice_db, deposit_id) is None  # the copy lags: its event waits in the queue

        requested = api.send("POST", "/api/v1/invoices", json={"deposit_id": deposit_id})
        assert requested.status_code == 202, requested.text
        invoice = requested.json()
        assert invoice["status"] == "ISSUING"
        learned = copy_of(invoice_db, deposit_id)
        assert learned is not None and learned["amount_fen"] == 12_300
        assert learned["house_id"] == house_id("H1") and learned["business_no"] == bill.business_no
        again = api.send("POST", "/api/v1/invoices", json={"deposit_id": deposit_id})
        assert again.status_code == 202 and again.json()["invoice_id"] == invoice["invoice_id"]
        # someone else still gets the 404 of a missing deposit
        lina = ApiClient(suite)
        assert lina.login("lina").status_code == 200
        foreign = lina.send("POST", "/api/v1/invoices", json={"deposit_id": deposit_id})
        missing = lina.send(
            "POST", "/api/v1/invoices", json={"deposit_id": "00000000-0000-4000-8000-000000000000"}
        )
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json() == missing.json()
    finally:
        os.kill(consumer.pid, signal.SIGCONT)

    issued = wait_for(
        lambda: (
            (body := api.get(f"/api/v1/invoices/{invoice['invoice_id']}").json())["status"] == "ISSUED"
            and body
        ),
        "receipt ISSUED",
    )
    assert issued["amount_fen"] == 12_300 and len(issued["bill_no"]) == 10
    # the late DepositPaid is consumed and absorbed: the copy is what the deposit service told
    wait_for(lambda: deposits_paid_consumed(invoice_db) > consumed_before, "late DepositPaid consumed")
    assert copy_of(invoice_db, deposit_id) == learned
