"""Reads and writes of the invoice tables (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from invoice.adapters.orm import account_houses, deposits, invoice_documents, invoices
from invoice.domain.receipts import DepositFacts, InvoiceStatus
from maintfund_common.db import utcnow


@dataclass(frozen=True)
class StoredDeposit:
    deposit_id: str
    house_id: str
    business_no: str
    amount_fen: int
    paid_at: datetime
    payer_account_id: str | None
    owner_name_enc: str
    house_address: str
    area_m2: str
    paper_receipt_no: str | None

    @property
    def facts(self) -> DepositFacts:
        return DepositFacts(
            self.deposit_id, self.house_id, self.payer_account_id, bool(self.paper_receipt_no)
        )


@dataclass(frozen=True)
class StoredInvoice:
    invoice_id: str
    deposit_id: str
    status: InvoiceStatus
    amount_fen: int
    bill_code: str | None
    bill_no: str | None
    check_code: str | None
    issued_at: datetime | None
    payer_name_masked: str | None
    failure_reason: str | None
    attempts: int
    requested_at: datetime
    replaces_invoice_id: str | None
    red_bill_code: str | None
    red_bill_no: str | None
    house_id: str = ""
    business_no: str = ""


_INVOICE_COLUMNS = [c for c in invoices.c if c.name != "updated_at"]


def _deposit(row: Row[Any]) -> StoredDeposit:
    return StoredDeposit(
        deposit_id=row.deposit_id,
        house_id=row.house_id,
        business_no=row.business_no,
        amount_fen=row.amount_fen,
        paid_at=row.paid_at,
        payer_account_id=row.payer_account_id,
        owner_name_enc=row.owner_name_enc,
        house_address=row.house_address,
        area_m2=row.area_m2,
        paper_receipt_no=row.paper_receipt_no,
    )


def _invoice(row: Row[Any]) -> StoredInvoice:
    return StoredInvoice(
        invoice_id=row.invoice_id,
        deposit_id=row.deposit_id,
        status=InvoiceStatus(row.status),
        amount_fen=row.amount_fen,
        bill_code=row.bill_code,
        bill_no=row.bill_no,
        check_code=row.check_code,
        issued_at=row.issued_at,
        payer_name_masked=row.payer_name_masked,
        failure_reason=row.failure_reason,
        attempts=row.attempts,
        requested_at=row.requested_at,
        replaces_invoice_id=row.replaces_invoice_id,
        red_bill_code=row.red_bill_code,
        red_bill_no=row.red_bill_no,
        house_id=row.house_id,
        business_no=row.business_no,
    )


def _invoice_query():
    return select(*_INVOICE_COLUMNS, deposits.c.house_id, deposits.c.business_no).join(
        deposits, deposits.c.deposit_id == invoices.c.deposit_id
    )


def get_deposit(session: Session, deposit_id: str, *, lock: bool = False) -> StoredDeposit | None:
    query = select(deposits).where(deposits.c.deposit_id == deposit_id)
    if lock:
        query = query.with_for_update()
    row = session.execute(query).first()
    return _deposit(row) if row else None


def get_deposits(session: Session, deposit_ids: Sequence[str]) -> list[StoredDeposit]:
    if not deposit_ids:
        return []
    rows = session.execute(select(deposits).where(deposits.c.deposit_id.in_(list(deposit_ids)))).all()
    return [_deposit(r) for r in rows]


def get_invoice(session: Session, invoice_id: str, *, lock: bool = False) -> StoredInvoice | None:
    query = _invoice_query().where(invoices.c.invoice_id == invoice_id)
    if lock:
        query = query.with_for_update(of=invoices)
    row = session.execute(query).first()
    return _invoice(row) if row else None


def active_invoice(session: Session, deposit_id: str) -> StoredInvoice | None:
    row = session.execute(
        _invoice_query().where(
            invoices.c.deposit_id == deposit_id, invoices.c.status != InvoiceStatus.RED_FLUSHED.value
        )
    ).first()
    return _invoice(row) if row else None


def active_invoices(session: Session, deposit_ids: Sequence[str]) -> dict[str, StoredInvoice]:
    if not deposit_ids:
        return {}
    rows = session.execute(
        _invoice_query().where(
            invoices.c.deposit_id.in_(list(deposit_ids)), invoices.c.status != InvoiceStatus.RED_FLUSHED.value
        )
    ).all()
    return {r.deposit_id: _invoice(r) for r in rows}


def find_by_numbers(session: Session, bill_code: str, bill_no: str) -> StoredInvoice | None:
    row = session.execute(
        _invoice_query().where(invoices.c.bill_code == bill_code, invoices.c.bill_no == bill_no)
    ).first()
    return _invoice(row) if row else None


def insert_invoice(session: Session, **values: Any) -> None:
    now = utcnow()
    session.execute(invoices.insert().values(requested_at=now, updated_at=now, **values))


def update_invoice(
    session: Session, invoice_id: str, expected: InvoiceStatus | None = None, **values: Any
) -> bool:
    """Update one receipt; with ``expected``, only while it is still in that state. True when updated."""
    query = update(invoices).where(invoices.c.invoice_id == invoice_id)
    if expected is not None:
        query = query.where(invoices.c.status == expected.value)
    return session.execute(query.values(updated_at=utcnow(), **values)).rowcount == 1


def get_document(session: Session, invoice_id: str) -> tuple[bytes, str] | None:
    row = session.execute(
        select(invoice_documents.c.pdf, invoice_documents.c.sha256).where(
            invoice_documents.c.invoice_id == invoice_id
        )
    ).first()
    return (bytes(row.pdf), row.sha256) if row else None


def insert_document(session: Session, invoice_id: str, pdf: bytes, sha256: str) -> None:
    session.execute(
        invoice_documents.insert().values(invoice_id=invoice_id, pdf=pdf, sha256=sha256, created_at=utcnow())
    )


def is_bound(session: Session, account_id: str, house_id: str) -> bool:
    """This service's copy of the register's bindings binds the house to the account."""
    query = select(account_houses.c.house_id).where(
        account_houses.c.account_id == account_id, account_houses.c.house_id == house_id
    )
    return session.execute(query).first() is not None


def add_binding(session: Session, account_id: str, house_id: str, bound_at: datetime) -> None:
    if not is_bound(session, account_id, house_id):
        session.execute(
            insert(account_houses).values(account_id=account_id, house_id=house_id, bound_at=bound_at)
        )


def bindings_among(session: Session, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (account, house) pairs the copy of the bindings has (reconcile-copies)."""
    if not pairs:
        return set()
    c = account_houses.c
    query = select(c.account_id, c.house_id).where(tuple_(c.account_id, c.house_id).in_(pairs))
    return {(r.account_id, r.house_id) for r in session.execute(query)}


def newest_receipts_page(session: Session, after: str, limit: int) -> list[tuple[str, str, str]]:
    """(deposit id, invoice id, status) of the newest receipt of each deposit that has one, by deposit id
    (the source of the deposit service's copy of receipt states, reconcile-copies)."""
    page = select(invoices.c.deposit_id).distinct().order_by(invoices.c.deposit_id).limit(limit)
    if after:
        page = page.where(invoices.c.deposit_id > after)
    deposit_ids = list(session.execute(page).scalars())
    if not deposit_ids:
        return []
    rows = session.execute(
        select(invoices.c.deposit_id, invoices.c.invoice_id, invoices.c.status)
        .where(invoices.c.deposit_id.in_(deposit_ids))
        .order_by(invoices.c.deposit_id, invoices.c.requested_at, invoices.c.invoice_id)
    )
    newest = {r.deposit_id: (r.deposit_id, r.invoice_id, r.status) for r in rows}  # the last one wins
    return [newest[d] for d in deposit_ids]


def restore_deposit_facts(session: Session, deposit_id: str, **facts: Any) -> None:
    """A copied deposit set back to its source's facts (reconcile-copies; the owner name stays)."""
    session.execute(
        update(deposits).where(deposits.c.deposit_id == deposit_id).values(**facts, updated_at=utcnow())
    )
