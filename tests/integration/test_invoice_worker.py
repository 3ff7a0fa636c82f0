"""The e-receipt flow on the real PostgreSQL and RabbitMQ against the sandbox platform over HTTP.

request (ISSUING + work item through the outbox) -> relay -> invoice.issue queue -> worker -> platform
-> ISSUED with a stored PDF | FAILED; the platform's business-number idempotency means a crash between
the platform call and our commit never makes a second receipt.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pika
import pytest
import requests
from sqlalchemy import delete, select

from invoice.adapters.orm import deposits, inbox, invoice_documents, invoices, outbox
from invoice.bootstrap import Invoice, bootstrap, database
from invoice.config import ISSUE_QUEUE, Config
from invoice.domain.receipts import PAPER_RECEIPT_MESSAGE, InvoiceStatus, PaperReceiptIssued
from invoice.domain.records import StoredInvoice
from invoice.entrypoints.worker import WORK_TYPE, build_worker
from invoice.service_layer import receipts
from invoice.service_layer.deposits import record_deposit_paid, record_paper_receipt
from maintfund.events.v1 import events_pb2
from maintfund_common.messaging import OutboxRelay, connection_parameters, declare_topology
from sandbox import einvoice
from tests.sandbox_support import serve_blueprint

pytestmark = pytest.mark.integration

APP_ID = "test-invoice-worker"
SECRET = "test-worker-secret-0123456789"


@pytest.fixture(scope="module")
def platform_url() -> Iterator[str]:
    with serve_blueprint("einvoice-sandbox-worker-test", einvoice.bp) as url:
        yield url


@pytest.fixture()
def app(
    migrated_databases: dict[str, str], amqp_url: str, platform_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Invoice]:
    monkeypatch.setenv("SANDBOX_EINVOICE_APP_ID", APP_ID)
    monkeypatch.setenv("SANDBOX_EINVOICE_APP_SECRET", SECRET)
    monkeypatch.setenv("SANDBOX_EINVOICE_SLOW_SECONDS", "2.5")
    requests.post(f"{platform_url}/sandbox/einvoice/reset", timeout=5).raise_for_status()
    config = dataclasses.replace(
        Config.from_env(),
        database_url=migrated_databases["invoice"],
        amqp_url=amqp_url,
        einvoice_base_url=platform_url,
        einvoice_app_id=APP_ID,
        einvoice_app_secret=SECRET,
        einvoice_timeout_s=1.0,
        issue_max_attempts=4,
    )
    db = database(config.database_url)
    with db.engine.begin() as conn:
        for table in (invoice_documents, invoices, deposits, outbox, inbox):
            conn.execute(delete(table))
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    declare_topology(channel, {ISSUE_QUEUE: (WORK_TYPE,)})
    for suffix in ("", ".retry", ".dlq"):
        channel.queue_purge(ISSUE_QUEUE + suffix)
    connection.close()
    yield bootstrap(config, db)
    db.dispose()


def set_mode(platform_url: str, mode: str) -> None:
    requests.post(f"{platform_url}/sandbox/einvoice/mode", json={"mode": mode}, timeout=5).raise_for_status()


def platform_receipts(biz_no: str) -> list[tuple[str, str]]:
    """Receipts (not red ones) the sandbox platform has issued for a business number."""
    with einvoice._state.lock:
        return [
            (r.bill_code, r.bill_no)
            for r in einvoice._state.by_number.values()
            if r.biz_no == biz_no and not r.is_red
        ]


class Running:
    """The relay and a worker in threads, as the invoice-relay and invoice-worker processes."""

    def __init__(self, app: Invoice, after_platform_call: Callable[[], None] | None = None) -> None:
        self.stop = threading.Event()
        relay = OutboxRelay(app.db, app.config.amqp_url, idle_sleep=0.02)
        worker = build_worker(app, after_platform_call)
        self.threads = [
            threading.Thread(target=relay.run, args=(self.stop,), daemon=True),
            threading.Thread(target=worker.run, args=(self.stop,), daemon=True),
        ]

    def __enter__(self) -> Running:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(15)


def paid_deposit(app: Invoice, *, paper: bool = False) -> events_pb2.DepositPaid:
    event = events_pb2.DepositPaid(
        event_id=str(uuid.uuid4()),
        deposit_id=str(uuid.uuid4()),
        house_id=str(uuid.uuid4()),
        business_no=f"SC{uuid.uuid4().hex[:16].upper()}",
        amount_fen=1_234_500,
        paid_at="2026-11-20T08:00:00+00:00",
        channel="WECHAT",
        payer_account_id=str(uuid.uuid4()),
        owner_name="欧阳娜娜",
        house_address="朝阳区测试路1号院2号楼3单元401",
        area_m2="82.30",
        payment_type="FIRST_DEPOSIT",
        entry_id=1,
    )
    with app.db.unit_of_work() as uow:
        record_deposit_paid(app.keyring)(uow, event)
        if paper:
            record_paper_receipt(
                uow, events_pb2.PaperReceiptRecorded(deposit_id=event.deposit_id, paper_receipt_no="P1")
            )
        uow.commit()
    return event


def request(app: Invoice, deposit_id: str) -> tuple[StoredInvoice, bool]:
    with app.db.unit_of_work() as uow:
        result = receipts.request_invoice(uow, deposit_id, "", lambda _house_id: False)
        uow.commit()
    return result


def current(app: Invoice, invoice_id: str) -> StoredInvoice:
    with app.db.unit_of_work() as uow:
        found = uow.repo.get_invoice(invoice_id)
    assert found is not None
    return found


def wait_for(app: Invoice, invoice_id: str, status: InvoiceStatus, timeout: float = 20) -> StoredInvoice:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = current(app, invoice_id)
        if found.status is status:
            return found
        time.sleep(0.1)
    raise AssertionError(f"invoice stayed {current(app, invoice_id).status}, expected {status}")


def status_events(app: Invoice, invoice_id: str) -> list[str]:
    with app.db.engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.payload)
            .where(outbox.c.event_type == "maintfund.events.v1.InvoiceStatusChanged")
            .order_by(outbox.c.id)
        ).all()
    parsed = [events_pb2.InvoiceStatusChanged.FromString(r.payload) for r in rows]
    return [e.status for e in parsed if e.invoice_id == invoice_id]


def test_ok_issues_once_with_a_stored_pdf(app: Invoice) -> None:
    event = paid_deposit(app)
    invoice, created = request(app, event.deposit_id)
    assert created and invoice.status is InvoiceStatus.ISSUING
    again, created_again = request(app, event.deposit_id)  # requesting twice never makes two receipts
    assert again.invoice_id == invoice.invoice_id and not created_again

    with Running(app):
        issued = wait_for(app, invoice.invoice_id, InvoiceStatus.ISSUED)
    assert len(issued.bill_code or "") == 8 and (issued.bill_code or "").isdigit()
    assert len(issued.bill_no or "") == 10 and (issued.bill_no or "").isdigit()
    assert len(issued.check_code or "") == 6 and issued.issued_at is not None
    assert issued.payer_name_masked == "欧**娜"
    assert platform_receipts(event.business_no) == [(issued.bill_code, issued.bill_no)]
    with app.db.reading() as repo:
        pdf, sha = repo.get_document(invoice.invoice_id)  # type: ignore[misc]
    assert pdf.startswith(b"%PDF") and len(sha) == 64
    assert status_events(app, invoice.invoice_id) == ["ISSUING", "ISSUED"]


def test_refused_then_retried_after_recovery(app: Invoice, platform_url: str) -> None:
    event = paid_deposit(app)
    set_mode(platform_url, "fail")
    invoice, _ = request(app, event.deposit_id)
    with Running(app):
        failed = wait_for(app, invoice.invoice_id, InvoiceStatus.FAILED)
        assert failed.failure_reason and "拒绝" in failed.failure_reason
        set_mode(platform_url, "ok")
        with app.db.unit_of_work() as uow:
            receipts.retry_invoice(uow, invoice.invoice_id, "", lambda _house_id: False)
            uow.commit()
        issued = wait_for(app, invoice.invoice_id, InvoiceStatus.ISSUED)
    assert platform_receipts(event.business_no) == [(issued.bill_code, issued.bill_no)]
    assert status_events(app, invoice.invoice_id) == ["ISSUING", "FAILED", "ISSUING", "ISSUED"]


def test_slow_platform_stays_issuing_then_issues_without_a_second_receipt(
    app: Invoice, platform_url: str
) -> None:
    event = paid_deposit(app)
    set_mode(platform_url, "slow")  # answers after 2.5 s; the client gives up after 1 s
    invoice, _ = request(app, event.deposit_id)
    with Running(app):
        deadline = time.monotonic() + 10
        while current(app, invoice.invoice_id).attempts == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        timed_out = current(app, invoice.invoice_id)
        assert timed_out.status is InvoiceStatus.ISSUING and timed_out.attempts == 1
        issued = wait_for(app, invoice.invoice_id, InvoiceStatus.ISSUED)
    assert platform_receipts(event.business_no) == [(issued.bill_code, issued.bill_no)]


def test_crash_between_platform_call_and_commit_makes_one_receipt(app: Invoice) -> None:
    event = paid_deposit(app)
    invoice, _ = request(app, event.deposit_id)

    def crash() -> None:
        raise RuntimeError("worker killed before its commit")

    with Running(app, after_platform_call=crash):
        deadline = time.monotonic() + 10
        while not platform_receipts(event.business_no) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
    first = platform_receipts(event.business_no)
    assert len(first) == 1
    assert current(app, invoice.invoice_id).status is InvoiceStatus.ISSUING  # nothing committed

    with Running(app):  # a fresh worker gets the redelivered item
        issued = wait_for(app, invoice.invoice_id, InvoiceStatus.ISSUED)
    assert platform_receipts(event.business_no) == first == [(issued.bill_code, issued.bill_no)]


def test_paper_receipt_refuses_with_the_exact_message(app: Invoice) -> None:
    event = paid_deposit(app, paper=True)
    with pytest.raises(PaperReceiptIssued) as refused:
        request(app, event.deposit_id)
    assert refused.value.message == PAPER_RECEIPT_MESSAGE == "您的纸质票据已开具，不支持再次开具电子票据。"
    assert refused.value.code == "PAPER_RECEIPT_ISSUED"
    with app.db.engine.connect() as conn:
        assert conn.execute(select(invoices)).first() is None
