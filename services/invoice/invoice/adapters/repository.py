"""Every read and write of the invoice tables (SQLAlchemy Core), behind one repository.

``InvoiceRepository(session)`` is built by the database (``Database(url, metadata,
repositories=InvoiceRepository)``): a unit of work carries it as ``uow.repo`` and ``db.reading()``
yields one over a read, so the service layer never sees SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from invoice.adapters.orm import account_houses, deposits, invoice_documents, invoices
from invoice.domain.receipts import InvoiceStatus, PaidDeposit
from invoice.domain.records import StoredDeposit, StoredInvoice
from maintfund_common.db import Executor, insert_once, utcnow

__all__ = ["InvoiceRepository", "StoredDeposit", "StoredInvoice"]

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


def _deposit_facts(deposit: PaidDeposit) -> dict[str, Any]:
    """A paid deposit's facts as the copy's columns (an event's empty fields get the copy's defaults)."""
    return {
        "house_id": deposit.house_id,
        "business_no": deposit.business_no,
        "amount_fen": deposit.amount_fen,
        "paid_at": deposit.paid_at,
        "channel": deposit.channel or "UNKNOWN",
        "payer_account_id": deposit.payer_account_id or None,
        "house_address": deposit.house_address,
        "area_m2": deposit.area_m2,
        "payment_type": deposit.payment_type or "FIRST_DEPOSIT",
        "paper_receipt_no": deposit.paper_receipt_no,
    }


class InvoiceRepository:
    """The copies of deposits and bindings, the receipts and their PDFs, over one session."""

    def __init__(self, session: Executor) -> None:
        self.session = session

    # --- the copy of deposits ------------------------------------------------------------------

    def get_deposit(self, deposit_id: str, *, lock: bool = False) -> StoredDeposit | None:
        query = select(deposits).where(deposits.c.deposit_id == deposit_id)
        if lock:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return _deposit(row) if row else None

    def get_deposits(self, deposit_ids: Sequence[str]) -> list[StoredDeposit]:
        if not deposit_ids:
            return []
        query = select(deposits).where(deposits.c.deposit_id.in_(list(deposit_ids)))
        return [_deposit(r) for r in self.session.execute(query).all()]

    def add_deposit(self, deposit: PaidDeposit, owner_name_enc: str) -> bool:
        """Store a deposit the copy lacks; the first copy wins and never changes. True when stored by
        this call, False when the copy has it already (a concurrent event or lookup stored it at the
        same moment: theirs stands)."""
        try:
            with self.session.begin_nested():
                self.session.execute(
                    insert(deposits).values(
                        deposit_id=deposit.deposit_id,
                        owner_name_enc=owner_name_enc,
                        updated_at=utcnow(),
                        **_deposit_facts(deposit),
                    )
                )
        except IntegrityError:
            if self.get_deposit(deposit.deposit_id) is None:
                raise
            return False
        return True

    def restore_deposit_facts(self, deposit: PaidDeposit) -> None:
        """A copied deposit set back to its source's facts (reconcile-copies; the owner name stays)."""
        self.session.execute(
            update(deposits)
            .where(deposits.c.deposit_id == deposit.deposit_id)
            .values(**_deposit_facts(deposit), updated_at=utcnow())
        )

    def record_paper_receipt(self, deposit_id: str, paper_receipt_no: str) -> bool:
        """The deposit has a paper receipt. False when the copy has no such deposit (yet)."""
        query = (
            update(deposits)
            .where(deposits.c.deposit_id == deposit_id)
            .values(paper_receipt_no=paper_receipt_no, updated_at=utcnow())
        )
        return bool(self.session.execute(query).rowcount)

    # --- receipts ------------------------------------------------------------------------------

    def get_invoice(self, invoice_id: str, *, lock: bool = False) -> StoredInvoice | None:
        query = _invoice_query().where(invoices.c.invoice_id == invoice_id)
        if lock:
            query = query.with_for_update(of=invoices)
        row = self.session.execute(query).first()
        return _invoice(row) if row else None

    def active_invoice(self, deposit_id: str) -> StoredInvoice | None:
        """The deposit's receipt that is not RED_FLUSHED (at most one: a partial unique index)."""
        row = self.session.execute(
            _invoice_query().where(
                invoices.c.deposit_id == deposit_id, invoices.c.status != InvoiceStatus.RED_FLUSHED.value
            )
        ).first()
        return _invoice(row) if row else None

    def active_invoices(self, deposit_ids: Sequence[str]) -> dict[str, StoredInvoice]:
        if not deposit_ids:
            return {}
        rows = self.session.execute(
            _invoice_query().where(
                invoices.c.deposit_id.in_(list(deposit_ids)),
                invoices.c.status != InvoiceStatus.RED_FLUSHED.value,
            )
        ).all()
        return {r.deposit_id: _invoice(r) for r in rows}

    def find_by_numbers(self, bill_code: str, bill_no: str) -> StoredInvoice | None:
        row = self.session.execute(
            _invoice_query().where(invoices.c.bill_code == bill_code, invoices.c.bill_no == bill_no)
        ).first()
        return _invoice(row) if row else None

    def add_invoice(
        self,
        invoice_id: str,
        deposit_id: str,
        amount_fen: int,
        *,
        replaces_invoice_id: str | None = None,
    ) -> None:
        """A new receipt, ISSUING, no attempt made yet."""
        now = utcnow()
        self.session.execute(
            invoices.insert().values(
                invoice_id=invoice_id,
                deposit_id=deposit_id,
                status=InvoiceStatus.ISSUING.value,
                amount_fen=amount_fen,
                attempts=0,
                replaces_invoice_id=replaces_invoice_id,
                requested_at=now,
                updated_at=now,
            )
        )

    def add_active_invoice(self, invoice_id: str, deposit_id: str, amount_fen: int) -> bool:
        """A new ISSUING receipt as the deposit's active one. True when stored by this call, False when a
        concurrent request's receipt took the deposit's one active place first (the partial unique
        index; read it with ``active_invoice``)."""
        try:
            with self.session.begin_nested():
                self.add_invoice(invoice_id, deposit_id, amount_fen)
        except IntegrityError:
            if self.active_invoice(deposit_id) is None:
                raise
            return False
        return True

    def update_invoice(self, invoice_id: str, expected: InvoiceStatus | None = None, **values: Any) -> bool:
        """Update one receipt; with ``expected``, only while it is still in that state. True when updated."""
        query = update(invoices).where(invoices.c.invoice_id == invoice_id)
        if expected is not None:
            query = query.where(invoices.c.status == expected.value)
        return self.session.execute(query.values(updated_at=utcnow(), **values)).rowcount == 1

    def get_document(self, invoice_id: str) -> tuple[bytes, str] | None:
        """The stored PDF of a receipt and its SHA-256."""
        row = self.session.execute(
            select(invoice_documents.c.pdf, invoice_documents.c.sha256).where(
                invoice_documents.c.invoice_id == invoice_id
            )
        ).first()
        return (bytes(row.pdf), row.sha256) if row else None

    def add_document(self, invoice_id: str, pdf: bytes, sha256: str) -> None:
        self.session.execute(
            invoice_documents.insert().values(
                invoice_id=invoice_id, pdf=pdf, sha256=sha256, created_at=utcnow()
            )
        )

    def newest_receipts_page(self, after: str, limit: int) -> list[tuple[str, str, str]]:
        """(deposit id, invoice id, status) of the newest receipt of each deposit that has one, by deposit
        id (the source of the deposit service's copy of receipt states, reconcile-copies)."""
        page = select(invoices.c.deposit_id).distinct().order_by(invoices.c.deposit_id).limit(limit)
        if after:
            page = page.where(invoices.c.deposit_id > after)
        deposit_ids = list(self.session.execute(page).scalars())
        if not deposit_ids:
            return []
        rows = self.session.execute(
            select(invoices.c.deposit_id, invoices.c.invoice_id, invoices.c.status)
            .where(invoices.c.deposit_id.in_(deposit_ids))
            .order_by(invoices.c.deposit_id, invoices.c.requested_at, invoices.c.invoice_id)
        )
        newest = {r.deposit_id: (r.deposit_id, r.invoice_id, r.status) for r in rows}  # the last one wins
        return [newest[d] for d in deposit_ids]

    # --- the copy of the register's bindings ---------------------------------------------------

    def is_bound(self, account_id: str, house_id: str) -> bool:
        """This service's copy of the register's bindings binds the house to the account."""
        query = select(account_houses.c.house_id).where(
            account_houses.c.account_id == account_id, account_houses.c.house_id == house_id
        )
        return self.session.execute(query).first() is not None

    def add_binding(self, account_id: str, house_id: str, bound_at: datetime) -> None:
        """Keep a binding (once: a binding already in the copy stays as it is; the event and a lookup may
        race to store it)."""
        if not self.is_bound(account_id, house_id):
            insert_once(
                self.session,
                insert(account_houses).values(account_id=account_id, house_id=house_id, bound_at=bound_at),
            )

    def bindings_among(self, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (account, house) pairs the copy of the bindings has (reconcile-copies)."""
        if not pairs:
            return set()
        c = account_houses.c
        query = select(c.account_id, c.house_id).where(tuple_(c.account_id, c.house_id).in_(pairs))
        return {(r.account_id, r.house_id) for r in self.session.execute(query)}
