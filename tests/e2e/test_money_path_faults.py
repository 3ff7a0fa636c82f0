"""Nothing lost on the money path (DESIGN §3, §6, §8): owners pay bills through the gateway and the sandbox
providers and ask for their e-receipts while the suite's own processes are killed with kill -9 (the
deposit gRPC server mid-call, the relays, the deposit consumer and the invoice consumer and worker between
effect and ack, the payment poller) and restarted, and the e-receipt platform is slow, then rejecting.

Afterwards, from the databases: per bill exactly one ledger entry and one paid order, booked against
the same deposit; at most one active receipt per deposit, and every requested receipt issued once the
platform is back; no order PENDING that the provider says is paid; the deposit service's copy of each
receipt's state equal to the invoice service's.

`make test` runs a short pass (a handful of payments, a few kills); MAINTFUND_RELIABILITY=long
(`make reliability`) runs more rounds and fault cycles and publishes the figures. The module kills
processes of the session's suite: it restarts every one of them and resets the demo data afterwards, so
the e2e modules after it see a whole suite with DESIGN §4.4's initial state.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import requests
from sqlalchemy import create_engine, func, select

from deposit.adapters.orm import bills, deposits, ledger_entries, payment_orders
from deposit.bootstrap import database as deposit_database
from deposit.domain.billing import PaymentType
from deposit.service_layer import billing
from invoice.adapters.orm import invoices
from maintfund_common.db import Database
from tests.conftest import DB_PREFIX, PG_BASE, SuiteProcesses
from tests.e2e.helpers import ApiClient, house_id
from tests.reliability.summary import LONG, publish_figures

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800 if LONG else 300)]
if LONG:
    pytestmark.append(pytest.mark.reliability)

HOUSES = ("H1", "H2", "H3")  # zhangwei's: one TOP_UP bill pending per house at a time
ROUNDS = 8 if LONG else 2
FAULT_PASSES = 4 if LONG else 1
STEP_TIMEOUT = 90  # one payment step through the faults (a dead claimant's Idempotency-Key: 30 s lease)
SETTLE_TIMEOUT = 180 if LONG else 60  # pollers, retries and redeliveries after the last fault
# The poller asks the provider about orders without notification after 2 s instead of 20 s, so the
# bounded wait stays short; it gets its default wiring back afterwards.
FAST_POLLER = {"PAYMENT_POLL_AFTER_SECONDS": "2", "PAYMENT_POLL_INTERVAL_SECONDS": "1"}
# (action, target): kill -9 a process and restart it, or switch the e-receipt platform's mode.
FAULTS = (
    ("kill", "deposit-grpc"),
    ("einvoice", "slow"),
    ("kill", "invoice-worker"),
    ("kill", "deposit-relay"),
    ("einvoice", "fail"),
    ("kill", "deposit-consumer"),
    ("kill", "invoice-consumer"),
    ("einvoice", "ok"),
    ("kill", "deposit-poller"),
    ("kill", "invoice-relay"),
)
PAID_AT_PROVIDER = ("SUCCESS", "TRADE_SUCCESS", "TRADE_FINISHED")


@dataclass
class Payment:
    house: str
    bill_id: str
    business_no: str
    channel: str
    order_id: str = ""
    out_trade_no: str = ""
    deposit_id: str = ""
    receipt_requested: bool = False


@dataclass
class Run:
    payments: list[Payment] = field(default_factory=list)
    kills: list[str] = field(default_factory=list)
    platform_modes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture(scope="module")
def processes(suite_processes: SuiteProcesses, sandbox_url: str) -> Iterator[SuiteProcesses]:
    suite_processes.restart("deposit-poller", **FAST_POLLER)
    try:
        yield suite_processes
    finally:
        requests.post(f"{sandbox_url}/sandbox/einvoice/mode", json={"mode": "ok"}, timeout=5)
        suite_processes.restore(rewire=("deposit-poller",))
        suite_processes.demo_reset()


@pytest.fixture(scope="module")
def deposit_db(suite: str) -> Iterator[Database]:
    db = deposit_database(f"{PG_BASE}/{DB_PREFIX}e2e_deposit")
    yield db
    db.dispose()


def raise_top_up(db: Database, house: str, amount_fen: int) -> tuple[str, str]:
    """Back office: a new TOP_UP bill on one of zhangwei's houses; (bill_id, business_no)."""
    with db.unit_of_work() as uow:
        view = billing.raise_bill(uow, house_id(house), PaymentType.TOP_UP, amount_fen=amount_fen)
    return view.bill.bill_id, view.bill.business_no


def retry_until(step, what: str, timeout: float = STEP_TIMEOUT):
    """``step()`` until it returns something; connection errors and 5xx answers mean "try again"."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = step()
        except requests.RequestException:
            result = None
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {what}")
        time.sleep(0.3)


def pay_and_ask_for_receipt(api: ApiClient, sandbox_url: str, payment: Payment) -> None:
    key = str(uuid.uuid4())  # the same key on every try: one order however often the call is repeated

    def create_order():
        response = api.send(
            "POST",
            f"/api/v1/bills/{payment.bill_id}/orders",
            json={"channel": payment.channel},
            headers={"Idempotency-Key": key},
        )
        if response.status_code >= 500 or response.status_code == 409:
            return None  # 409: the first try is still running (its key is held)
        assert response.status_code == 201, response.text
        return response.json()

    order = retry_until(create_order, f"order for {payment.business_no}")
    payment.order_id, payment.out_trade_no = order["order_id"], order["out_trade_no"]

    def scan_and_pay():
        response = requests.post(
            f"{sandbox_url}/sandbox/pay", json={"out_trade_no": payment.out_trade_no}, timeout=10
        )
        assert response.status_code == 200, response.text
        return True

    retry_until(scan_and_pay, f"payment of {payment.out_trade_no}")

    def paid_deposit():
        response = api.get(f"/api/v1/orders/{payment.order_id}")
        if response.status_code == 200 and response.json()["status"] == "PAID":
            return response.json()["deposit_id"]
        return None

    payment.deposit_id = retry_until(paid_deposit, f"order {payment.order_id} PAID")

    def ask_for_receipt():
        response = api.send("POST", "/api/v1/invoices", json={"deposit_id": payment.deposit_id})
        if response.status_code == 404 or response.status_code >= 500:
            return None  # 404: the invoice service has not taken the DepositPaid event yet
        assert response.status_code == 202, response.text
        return True

    payment.receipt_requested = retry_until(ask_for_receipt, f"receipt for {payment.deposit_id}")


def owner_pays(suite: str, sandbox_url: str, db: Database, house: str, run: Run) -> None:
    api = ApiClient(suite)
    retry_until(lambda: api.login("zhangwei").status_code == 200 or None, "login")
    for round_no in range(ROUNDS):
        bill_id, business_no = raise_top_up(db, house, 10_000 + random.randint(1, 99_999))
        payment = Payment(house, bill_id, business_no, random.choice(("WECHAT", "ALIPAY")))
        with run.lock:
            run.payments.append(payment)
        try:
            pay_and_ask_for_receipt(api, sandbox_url, payment)
        except AssertionError as exc:  # judged by the checks from the databases at the end
            with run.lock:
                run.errors.append(f"{house} round {round_no}: {exc}")
            return


def inject_faults(
    processes: SuiteProcesses, sandbox_url: str, run: Run, payers_done: threading.Event
) -> None:
    passes = 0
    while passes < FAULT_PASSES or (LONG and not payers_done.is_set()):
        for action, target in FAULTS:
            time.sleep(random.uniform(0.5, 2.0))  # let payments and receipt requests flow in between
            if action == "einvoice":
                requests.post(f"{sandbox_url}/sandbox/einvoice/mode", json={"mode": target}, timeout=5)
                run.platform_modes.append(target)
                continue
            processes.kill9(target)
            run.kills.append(target)
            time.sleep(random.uniform(0.3, 1.5))
            processes.restart(target, **(FAST_POLLER if target == "deposit-poller" else {}))
        passes += 1
    requests.post(f"{sandbox_url}/sandbox/einvoice/mode", json={"mode": "ok"}, timeout=5)


@dataclass
class Findings:
    """What the databases say after the faults; every list must be empty."""

    entries: int = 0
    paid_orders: int = 0
    bills_not_booked_once: list[str] = field(default_factory=list)
    deposits_with_two_receipts: list[str] = field(default_factory=list)
    receipts_not_issued: list[str] = field(default_factory=list)
    receipt_copies_differing: list[str] = field(default_factory=list)
    stuck_pending: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        return not (
            self.bills_not_booked_once
            or self.deposits_with_two_receipts
            or self.receipts_not_issued
            or self.receipt_copies_differing
            or self.stuck_pending
        )


def examine(payments: list[Payment], sandbox_url: str, invoice_engine) -> Findings:
    found = Findings()
    engine = create_engine(f"{PG_BASE}/{DB_PREFIX}e2e_deposit")
    try:
        with engine.connect() as conn:
            booked_deposits = {}
            for p in payments:
                entries = conn.execute(
                    select(ledger_entries.c.deposit_id).where(ledger_entries.c.business_no == p.business_no)
                ).all()
                orders = conn.execute(
                    select(
                        payment_orders.c.status, payment_orders.c.deposit_id, payment_orders.c.out_trade_no
                    ).where(payment_orders.c.bill_id == p.bill_id)
                ).all()
                paid = [o for o in orders if o.status == "PAID"]
                bill_status = conn.execute(
                    select(bills.c.status).where(bills.c.bill_id == p.bill_id)
                ).scalar()
                found.entries += len(entries)
                found.paid_orders += len(paid)
                if (
                    len(entries) != 1
                    or len(paid) != 1
                    or bill_status != "PAID"
                    or entries[0].deposit_id != paid[0].deposit_id
                ):
                    found.bills_not_booked_once.append(
                        f"{p.business_no}: {len(entries)} entries, {len(paid)} paid, bill {bill_status}"
                    )
                else:
                    booked_deposits[p.business_no] = entries[0].deposit_id
                for order in orders:
                    if order.status == "PENDING":
                        view = requests.get(
                            f"{sandbox_url}/sandbox/payments/orders/{order.out_trade_no}", timeout=5
                        ).json()
                        if view.get("status") in PAID_AT_PROVIDER:
                            found.stuck_pending.append(order.out_trade_no)
            copies = dict(
                conn.execute(
                    select(deposits.c.deposit_id, deposits.c.invoice_status).where(
                        deposits.c.deposit_id.in_(list(booked_deposits.values()))
                    )
                ).all()
            )
    finally:
        engine.dispose()
    with invoice_engine.connect() as conn:
        for p in payments:
            if not p.receipt_requested:
                continue
            rows = conn.execute(
                select(invoices.c.invoice_id, invoices.c.status).where(
                    invoices.c.deposit_id == p.deposit_id, invoices.c.status != "RED_FLUSHED"
                )
            ).all()
            if len(rows) > 1:
                found.deposits_with_two_receipts.append(p.deposit_id)
            if [r.status for r in rows] != ["ISSUED"]:
                found.receipts_not_issued.append(f"{p.deposit_id}: {[r.status for r in rows]}")
            elif copies.get(p.deposit_id) != "ISSUED":
                found.receipt_copies_differing.append(
                    f"{p.deposit_id}: deposit says {copies.get(p.deposit_id)}"
                )
    return found


def retry_failed_receipts(suite: str, payments: list[Payment], invoice_engine) -> int:
    """重新开票 for receipts the platform rejected while it was failing (the owner's own remedy)."""
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    deposit_ids = [p.deposit_id for p in payments if p.receipt_requested]
    with invoice_engine.connect() as conn:
        failed = conn.execute(
            select(invoices.c.invoice_id).where(
                invoices.c.deposit_id.in_(deposit_ids), invoices.c.status == "FAILED"
            )
        ).scalars()
        failed = list(failed)
    for invoice_id in failed:
        retried = retry_until(
            lambda invoice_id=invoice_id: (
                r
                if (r := api.send("POST", f"/api/v1/invoices/{invoice_id}/retry")).status_code < 500
                else None
            ),
            f"retry of {invoice_id}",
        )
        assert retried.status_code == 202, retried.text
    return len(failed)


def test_payments_and_receipts_survive_kills_and_a_failing_platform(
    suite: str, sandbox_url: str, processes: SuiteProcesses, deposit_db: Database
) -> None:
    started = time.monotonic()
    run = Run()
    payers_done = threading.Event()
    payers = [
        threading.Thread(target=owner_pays, args=(suite, sandbox_url, deposit_db, house, run))
        for house in HOUSES
    ]
    faults = threading.Thread(target=inject_faults, args=(processes, sandbox_url, run, payers_done))
    for thread in (*payers, faults):
        thread.start()
    for thread in payers:
        thread.join()
    payers_done.set()
    faults.join()
    processes.restore()  # a process that died of its own accord would show here as a failure to settle

    invoice_engine = create_engine(f"{PG_BASE}/{DB_PREFIX}e2e_invoice")
    try:
        deadline = time.monotonic() + SETTLE_TIMEOUT
        retried = 0
        while True:
            found = examine(run.payments, sandbox_url, invoice_engine)
            if found.clean() or time.monotonic() > deadline:
                break
            retried += retry_failed_receipts(suite, run.payments, invoice_engine)
            time.sleep(1)
        with invoice_engine.connect() as conn:
            active = conn.execute(
                select(func.count()).select_from(invoices).where(invoices.c.status != "RED_FLUSHED")
            ).scalar()
    finally:
        invoice_engine.dispose()

    line = (
        f"money path under faults: {len(run.payments)} payments, {len(run.kills)} kill -9 "
        f"({', '.join(sorted(set(run.kills)))}), e-receipt platform {'/'.join(run.platform_modes)}: "
        f"ledger entries {found.entries} = paid orders {found.paid_orders} (bills booked other than once "
        f"{len(found.bills_not_booked_once)}), deposits with more than one active receipt "
        f"{len(found.deposits_with_two_receipts)}, receipts re-requested after rejection {retried}, "
        f"orders PENDING though paid {len(found.stuck_pending)}; took {time.monotonic() - started:.0f}s"
    )
    print("\n" + line)
    if LONG:
        publish_figures(
            line,
            money_payments=len(run.payments),
            money_kills=len(run.kills),
            money_mismatches=len(found.bills_not_booked_once),
            receipt_duplicates=len(found.deposits_with_two_receipts),
            stuck_pending=len(found.stuck_pending),
        )
    assert run.errors == []
    assert len(run.payments) == ROUNDS * len(HOUSES) and run.kills
    assert found.bills_not_booked_once == []
    assert found.entries == found.paid_orders == len(run.payments)
    assert found.deposits_with_two_receipts == []
    assert found.stuck_pending == []
    assert found.receipts_not_issued == []
    assert found.receipt_copies_differing == []
    assert active >= len(run.payments)
