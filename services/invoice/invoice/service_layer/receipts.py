"""Receipts as owners, quick pay and municipal systems ask for them: 我要开票, the receipt and its PDF,
重新开票 after a failure, re-issue with red-flush, public verification, batch states for lists, and the
newest receipt of every deposit as the source of the deposit service's copy (reconcile-copies).

Access is decided on this service's copies (``bindings.py``); the registry and the deposit service
are asked in a read first, never under a lock; a refusal still leaves its audit row."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from invoice.domain.receipts import (
    QUICKPAY_PRINCIPAL,
    InvoiceStatus,
    check_access,
    check_can_request,
    check_transition,
    may_access,
)
from invoice.domain.records import StoredDeposit, StoredInvoice
from invoice.service_layer.bindings import Bindings, Binds
from invoice.service_layer.deposits import is_uuid, learn_missing_deposit
from invoice.service_layer.ports import DepositLookup, ReceiptPlatform
from maintfund.events.v1 import events_pb2
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common import audit, copies
from maintfund_common.errors import Conflict, DomainError, NotFound, ValidationFailed
from maintfund_common.field_crypto import KeyRing
from maintfund_common.text import ascii_digits

if TYPE_CHECKING:
    from invoice.adapters.repository import InvoiceRepository
    from maintfund_common.db import Database, UnitOfWork

MAX_BATCH = 200


def _actor(account_id: str) -> tuple[str, str]:
    """(actor id, role) of a receipt request: an owner, a verified quick-pay token, or a municipal system."""
    if account_id.startswith(QUICKPAY_PRINCIPAL):
        return account_id, audit.ANONYMOUS
    return (account_id, audit.OWNER) if account_id else ("-", audit.SYSTEM)


def _audit(
    uow: UnitOfWork[InvoiceRepository],
    action: str,
    account_id: str,
    target: str,
    outcome: str,
    *,
    detail: str = "",
) -> None:
    actor_id, role = _actor(account_id)
    audit.record(
        uow, actor_id=actor_id, actor_role=role, action=action, target=target, outcome=outcome, detail=detail
    )


@contextmanager
def refusals_audited(
    db: Database[InvoiceRepository], action: str, account_id: str, target: str
) -> Iterator[None]:
    """Wrap a receipt request: a refusal (its transaction rolled back) still leaves its audit row."""
    try:
        yield
    except DomainError as exc:
        actor_id, role = _actor(account_id)
        audit.record_alone(
            db,
            actor_id=actor_id,
            actor_role=role,
            action=action,
            target=target[:80],
            outcome="NOT_FOUND" if isinstance(exc, NotFound) else "REFUSED",
            detail=exc.code,
        )
        raise


def publish_status(
    uow: UnitOfWork[InvoiceRepository], invoice_id: str, deposit_id: str, status: InvoiceStatus
) -> None:
    deposit = uow.repo.get_deposit(deposit_id)  # its facts travel with the event (whom to tell)
    uow.publish(
        events_pb2.InvoiceStatusChanged(
            invoice_id=invoice_id,
            deposit_id=deposit_id,
            status=status.value,
            house_id=deposit.house_id if deposit else "",
            amount_fen=deposit.amount_fen if deposit else 0,
            payer_account_id=(deposit.payer_account_id or "") if deposit else "",
            house_address=deposit.house_address if deposit else "",
        )
    )


def queue_issue(uow: UnitOfWork[InvoiceRepository], invoice_id: str, deposit_id: str) -> None:
    uow.publish(invoice_pb2.IssueInvoiceWork(invoice_id=invoice_id, deposit_id=deposit_id))


def request_receipt(
    db: Database[InvoiceRepository],
    keyring: KeyRing,
    lookup: DepositLookup,
    bindings: Bindings,
    *,
    deposit_id: str,
    account_id: str,
) -> tuple[StoredInvoice, bool]:
    """我要开票 as the API takes it: a deposit or a binding the copies lack is asked for first (no lock
    held), then request_invoice decides on the copies under the deposit's lock."""
    learn_missing_deposit(db, keyring, lookup, deposit_id)
    with db.reading() as repo:
        deposit = repo.get_deposit(deposit_id) if is_uuid(deposit_id) else None
        if deposit is not None:
            may_access(deposit.facts, account_id, bindings.binds(repo, account_id))
    with db.unit_of_work() as uow:
        result = request_invoice(uow, deposit_id, account_id, bindings.binds_in_copy(uow.repo, account_id))
        uow.commit()
    return result


def request_invoice(
    uow: UnitOfWork[InvoiceRepository], deposit_id: str, account_id: str, binds: Binds
) -> tuple[StoredInvoice, bool]:
    """我要开票: ISSUING at once plus a work item, or the active receipt when there is one."""
    deposit = uow.repo.get_deposit(deposit_id, lock=True)  # serialises requests per deposit
    check_access(deposit.facts if deposit else None, account_id, binds)
    assert deposit is not None
    check_can_request(deposit.facts)
    existing = uow.repo.active_invoice(deposit_id)
    invoice_id = str(uuid.uuid4())
    if existing is None and not uow.repo.add_active_invoice(invoice_id, deposit_id, deposit.amount_fen):
        existing = uow.repo.active_invoice(deposit_id)  # a concurrent request won (one active receipt)
        assert existing is not None
    if existing is not None:
        detail = f"deposit={deposit_id}"
        _audit(uow, "RECEIPT_REQUEST", account_id, existing.invoice_id, "EXISTING", detail=detail)
        return existing, False
    publish_status(uow, invoice_id, deposit_id, InvoiceStatus.ISSUING)
    queue_issue(uow, invoice_id, deposit_id)
    _audit(uow, "RECEIPT_REQUEST", account_id, invoice_id, "CREATED", detail=f"deposit={deposit_id}")
    created = uow.repo.get_invoice(invoice_id)
    assert created is not None
    return created, True


def _visible_invoice(
    repo: InvoiceRepository,
    invoice_id: str,
    account_id: str,
    binds: Binds,
    *,
    lock: bool = False,
) -> StoredInvoice:
    if not is_uuid(invoice_id):
        raise NotFound("票据不存在", "NOT_FOUND")
    invoice = repo.get_invoice(invoice_id, lock=lock)
    deposit = repo.get_deposit(invoice.deposit_id) if invoice else None
    check_access(deposit.facts if deposit else None, account_id, binds)
    assert invoice is not None
    return invoice


def get_invoice(repo: InvoiceRepository, invoice_id: str, account_id: str, binds: Binds) -> StoredInvoice:
    return _visible_invoice(repo, invoice_id, account_id, binds)


def get_invoice_pdf(
    repo: InvoiceRepository, invoice_id: str, account_id: str, binds: Binds
) -> tuple[StoredInvoice, bytes, str]:
    invoice = _visible_invoice(repo, invoice_id, account_id, binds)
    document = repo.get_document(invoice_id)
    if document is None:
        raise Conflict("电子票据尚未开具成功，暂无可下载的文件。", "INVOICE_NOT_ISSUED")
    return invoice, document[0], document[1]


def retry_receipt(
    db: Database[InvoiceRepository], bindings: Bindings, invoice_id: str, account_id: str
) -> StoredInvoice:
    """重新开票 as the API takes it: access decided in a read first (it may ask the registry)."""
    with db.reading() as repo:
        _visible_invoice(repo, invoice_id, account_id, bindings.binds(repo, account_id))
    with db.unit_of_work() as uow:
        invoice = retry_invoice(uow, invoice_id, account_id, bindings.binds_in_copy(uow.repo, account_id))
        uow.commit()
    return invoice


def retry_invoice(
    uow: UnitOfWork[InvoiceRepository], invoice_id: str, account_id: str, binds: Binds
) -> StoredInvoice:
    """重新开票 after FAILED: ISSUING again and a new work item."""
    invoice = _visible_invoice(uow.repo, invoice_id, account_id, binds, lock=True)
    check_transition(invoice.status, InvoiceStatus.ISSUING)
    uow.repo.update_invoice(
        invoice_id,
        InvoiceStatus.FAILED,
        status=InvoiceStatus.ISSUING.value,
        attempts=0,
        failure_reason=None,
    )
    publish_status(uow, invoice_id, invoice.deposit_id, InvoiceStatus.ISSUING)
    queue_issue(uow, invoice_id, invoice.deposit_id)
    _audit(uow, "RECEIPT_RETRY", account_id, invoice_id, InvoiceStatus.ISSUING.value)
    updated = uow.repo.get_invoice(invoice_id)
    assert updated is not None
    return updated


def reissue_invoice(
    db: Database[InvoiceRepository],
    platform: ReceiptPlatform,
    *,
    invoice_id: str,
    account_id: str,
    bindings: Bindings,
    reason: str,
) -> tuple[StoredInvoice, StoredInvoice]:
    """Red-flush an ISSUED receipt at the platform (idempotent there), then link a new ISSUING one."""
    reason = reason.strip() or "重新开具"
    with refusals_audited(db, "RECEIPT_REISSUE", account_id, invoice_id):
        return _reissue(
            db,
            platform,
            invoice_id=invoice_id,
            account_id=account_id,
            bindings=bindings,
            reason=reason,
        )


def _reissue(
    db: Database[InvoiceRepository],
    platform: ReceiptPlatform,
    *,
    invoice_id: str,
    account_id: str,
    bindings: Bindings,
    reason: str,
) -> tuple[StoredInvoice, StoredInvoice]:
    with db.reading() as repo:
        invoice = _visible_invoice(repo, invoice_id, account_id, bindings.binds(repo, account_id))
        check_transition(invoice.status, InvoiceStatus.RED_FLUSHED)
    assert invoice.bill_code and invoice.bill_no
    red = platform.red_flush(bill_code=invoice.bill_code, bill_no=invoice.bill_no, reason=reason[:100])
    with db.unit_of_work() as uow:
        if not uow.repo.update_invoice(
            invoice_id,
            InvoiceStatus.ISSUED,
            status=InvoiceStatus.RED_FLUSHED.value,
            red_bill_code=red.red_bill_code,
            red_bill_no=red.red_bill_no,
        ):
            raise Conflict("该电子票据已冲红作废。", "INVOICE_STATE_CONFLICT")
        new_id = str(uuid.uuid4())
        uow.repo.add_invoice(new_id, invoice.deposit_id, invoice.amount_fen, replaces_invoice_id=invoice_id)
        publish_status(uow, invoice_id, invoice.deposit_id, InvoiceStatus.RED_FLUSHED)
        publish_status(uow, new_id, invoice.deposit_id, InvoiceStatus.ISSUING)
        queue_issue(uow, new_id, invoice.deposit_id)
        _audit(
            uow,
            "RECEIPT_REISSUE",
            account_id,
            invoice_id,
            InvoiceStatus.RED_FLUSHED.value,
            detail=f"new={new_id}",
        )
        uow.commit()
        old, new = uow.repo.get_invoice(invoice_id), uow.repo.get_invoice(new_id)
    assert old is not None and new is not None
    return new, old


def verify_receipt(
    repo: InvoiceRepository, bill_code: str, bill_no: str, check_code: str
) -> StoredInvoice | None:
    """The receipt with exactly these three values, or None (a forgery, or a typo)."""
    bill_code, bill_no, check_code = bill_code.strip(), bill_no.strip(), check_code.strip().upper()
    if not (ascii_digits(bill_code) and len(bill_code) == 8 and ascii_digits(bill_no) and len(bill_no) == 10):
        raise ValidationFailed("请输入8位票据代码和10位票据号码", field="bill_code")
    if len(check_code) != 6 or not check_code.isalnum():
        raise ValidationFailed("请输入6位校验码", field="check_code")
    invoice = repo.find_by_numbers(bill_code, bill_no)
    if invoice is None or (invoice.check_code or "").upper() != check_code:
        return None
    return invoice


@dataclass(frozen=True)
class DepositReceipt:
    deposit: StoredDeposit
    invoice: StoredInvoice | None

    @property
    def kind(self) -> str:
        if self.deposit.paper_receipt_no:
            return "PAPER"
        return "ELECTRONIC" if self.invoice else "NONE"


def receipt_states(
    repo: InvoiceRepository, deposit_ids: Sequence[str], account_id: str, binds: Binds
) -> list[DepositReceipt]:
    if len(deposit_ids) > MAX_BATCH:
        raise ValidationFailed(f"一次最多查询{MAX_BATCH}笔交存", field="deposit_ids")
    visible = [d for d in repo.get_deposits(deposit_ids) if may_access(d.facts, account_id, binds)]
    active = repo.active_invoices([d.deposit_id for d in visible])
    return [DepositReceipt(d, active.get(d.deposit_id)) for d in visible]


def list_deposit_receipts(
    repo: InvoiceRepository, page_size: int, token: str
) -> copies.SourcePage[tuple[str, str, str]]:
    """(deposit id, invoice id, status) of every deposit's newest receipt, for the deposit service's copy
    of receipt states checked against it (reconcile-copies)."""
    size = copies.source_page_size(page_size)
    rows = repo.newest_receipts_page(copies.decode_token(token), size + 1)
    return copies.source_page(rows, size, lambda row: row[0])
