"""Invoice use cases: one function per use case (handler(uow or session, ...) -> result)."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from invoice.adapters import repository as repo
from invoice.adapters.deposit_service import DepositLookup
from invoice.adapters.einvoice_platform import (
    EInvoicePlatformClient,
    IssueItem,
    IssueResult,
    ReceiptStatus,
)
from invoice.adapters.orm import deposits
from invoice.adapters.receipt_pdf import ReceiptDocument, ReceiptItem, render_receipt_pdf
from invoice.domain.receipts import (
    QUICKPAY_PRINCIPAL,
    TIMEOUT_REASON,
    InvoiceStatus,
    PaidDeposit,
    after_unanswered_attempt,
    check_access,
    check_can_request,
    check_transition,
    may_access,
)
from invoice.service_layer.bindings import Bindings, Binds
from maintfund.events.v1 import events_pb2
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common import audit, copies
from maintfund_common.db import Database, UnitOfWork, session_scope, utcnow
from maintfund_common.errors import Conflict, DomainError, NotFound, Unavailable, ValidationFailed
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import mask_name
from maintfund_common.text import ascii_digits

log = logging.getLogger(__name__)

OWNER_NAME_CTX = "invoice.deposits.owner_name"
ITEM_NAME = "住宅专项维修资金"
MAX_BATCH = 200


class IssueNotAnswered(Exception):
    """The platform gave no answer this time: the work item goes to the retry queue."""


@dataclass(frozen=True)
class ReceiptSettings:
    receiving_unit: str
    verify_url: str
    max_attempts: int


# --- events in -----------------------------------------------------------------------------------


def record_deposit(uow: UnitOfWork, keyring: KeyRing, deposit: PaidDeposit) -> bool:
    """Keep a copy of a paid deposit (first copy wins; it never changes): the one path for the event
    and for what the deposit service told a lagging copy. True when this call stored it."""
    if repo.get_deposit(uow.session, deposit.deposit_id) is not None:
        return False
    try:
        with uow.session.begin_nested():
            uow.session.execute(
                insert(deposits).values(
                    deposit_id=deposit.deposit_id,
                    house_id=deposit.house_id,
                    business_no=deposit.business_no,
                    amount_fen=deposit.amount_fen,
                    paid_at=deposit.paid_at,
                    channel=deposit.channel or "UNKNOWN",
                    payer_account_id=deposit.payer_account_id or None,
                    owner_name_enc=keyring.encrypt(deposit.owner_name, OWNER_NAME_CTX),
                    house_address=deposit.house_address,
                    area_m2=deposit.area_m2,
                    payment_type=deposit.payment_type or "FIRST_DEPOSIT",
                    paper_receipt_no=deposit.paper_receipt_no,
                    updated_at=utcnow(),
                )
            )
    except IntegrityError:
        # the event and a lookup stored it at the same moment: theirs stands
        if repo.get_deposit(uow.session, deposit.deposit_id) is None:
            raise
        return False
    return True


def restore_deposit(uow: UnitOfWork, keyring: KeyRing, deposit: PaidDeposit) -> None:
    """reconcile-copies: a deposit missing from the copy is stored as its event would have; one whose
    facts differ from the deposit service's is set back to them (the receipt's payer name stays)."""
    if record_deposit(uow, keyring, deposit):
        return
    row = repo.get_deposit(uow.session, deposit.deposit_id, lock=True)
    repo.restore_deposit_facts(
        uow.session,
        deposit.deposit_id,
        house_id=deposit.house_id,
        business_no=deposit.business_no,
        amount_fen=deposit.amount_fen,
        paid_at=deposit.paid_at,
        channel=deposit.channel or "UNKNOWN",
        payer_account_id=deposit.payer_account_id or None,
        house_address=deposit.house_address,
        area_m2=deposit.area_m2,
        payment_type=deposit.payment_type or "FIRST_DEPOSIT",
        paper_receipt_no=(row.paper_receipt_no if row else None) or deposit.paper_receipt_no,
    )


def paid_deposit_of(event: events_pb2.DepositPaid) -> PaidDeposit:
    return PaidDeposit(
        deposit_id=event.deposit_id,
        house_id=event.house_id,
        business_no=event.business_no,
        amount_fen=event.amount_fen,
        paid_at=datetime.fromisoformat(event.paid_at),
        channel=event.channel,
        payer_account_id=event.payer_account_id,
        owner_name=event.owner_name,
        house_address=event.house_address,
        area_m2=event.area_m2,
        payment_type=event.payment_type,
    )


def record_deposit_paid(keyring: KeyRing) -> Callable[[UnitOfWork, events_pb2.DepositPaid], None]:
    """The handler of DepositPaid: keep a copy of the deposit (see record_deposit)."""

    def handle(uow: UnitOfWork, event: events_pb2.DepositPaid) -> None:
        record_deposit(uow, keyring, paid_deposit_of(event))

    return handle


def learn_missing_deposit(db: Database, keyring: KeyRing, lookup: DepositLookup, deposit_id: str) -> None:
    """A copy behind its events asks the deposit service (DESIGN §2): never "not found" because of lag.

    Only stores facts; who may see them is decided afterwards on the copy, exactly as for the event's."""
    if not _is_uuid(deposit_id):
        return  # no deposit has such an id: the usual NOT_FOUND, without a remote call
    with session_scope(db) as session:
        if repo.get_deposit(session, deposit_id) is not None:
            return
    deposit = lookup(deposit_id)  # outside any transaction: no row lock held across a remote call
    if deposit is None:
        return  # the deposit service has none either: the usual NOT_FOUND
    with db.unit_of_work() as uow:
        if record_deposit(uow, keyring, deposit):
            log.info("deposit copy filled from the deposit service", extra={"deposit_id": deposit_id})
        uow.commit()


def record_paper_receipt(uow: UnitOfWork, event: events_pb2.PaperReceiptRecorded) -> None:
    """A paper receipt exists: no electronic receipt may be requested any more."""
    updated = uow.session.execute(
        update(deposits)
        .where(deposits.c.deposit_id == event.deposit_id)
        .values(paper_receipt_no=event.paper_receipt_no or "PAPER", updated_at=utcnow())
    ).rowcount
    if not updated:
        # Its DepositPaid has not arrived yet: the retry queue brings this event back later.
        raise LookupError(f"deposit {event.deposit_id} not known yet")


# --- owner and system requests -----------------------------------------------------------------


def _actor(account_id: str) -> tuple[str, str]:
    """(actor id, role) of a receipt request: an owner, a verified quick-pay token, or a municipal system."""
    if account_id.startswith(QUICKPAY_PRINCIPAL):
        return account_id, audit.ANONYMOUS
    return (account_id, audit.OWNER) if account_id else ("-", audit.SYSTEM)


def _audit(
    uow: UnitOfWork, action: str, account_id: str, target: str, outcome: str, *, detail: str = ""
) -> None:
    actor_id, role = _actor(account_id)
    audit.record(
        uow, actor_id=actor_id, actor_role=role, action=action, target=target, outcome=outcome, detail=detail
    )


@contextmanager
def refusals_audited(db: Database, action: str, account_id: str, target: str) -> Iterator[None]:
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


def _publish_status(uow: UnitOfWork, invoice_id: str, deposit_id: str, status: InvoiceStatus) -> None:
    uow.publish(
        events_pb2.InvoiceStatusChanged(invoice_id=invoice_id, deposit_id=deposit_id, status=status.value)
    )


def _queue_issue(uow: UnitOfWork, invoice_id: str, deposit_id: str) -> None:
    uow.publish(invoice_pb2.IssueInvoiceWork(invoice_id=invoice_id, deposit_id=deposit_id))


def request_receipt(
    db: Database,
    keyring: KeyRing,
    lookup: DepositLookup,
    bindings: Bindings,
    *,
    deposit_id: str,
    account_id: str,
) -> tuple[repo.StoredInvoice, bool]:
    """我要开票 as the API takes it: a deposit or a binding the copies lack is asked for first (no lock
    held), then request_invoice decides on the copies under the deposit's lock."""
    learn_missing_deposit(db, keyring, lookup, deposit_id)
    with session_scope(db) as session:
        deposit = repo.get_deposit(session, deposit_id) if _is_uuid(deposit_id) else None
        if deposit is not None:
            may_access(deposit.facts, account_id, bindings.binds(session, account_id))
    with db.unit_of_work() as uow:
        result = request_invoice(uow, deposit_id, account_id, bindings.binds_in_copy(uow.session, account_id))
        uow.commit()
    return result


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def request_invoice(
    uow: UnitOfWork, deposit_id: str, account_id: str, binds: Binds
) -> tuple[repo.StoredInvoice, bool]:
    """我要开票: ISSUING at once plus a work item, or the active receipt when there is one."""
    deposit = repo.get_deposit(uow.session, deposit_id, lock=True)  # serialises requests per deposit
    check_access(deposit.facts if deposit else None, account_id, binds)
    assert deposit is not None
    check_can_request(deposit.facts)
    existing = repo.active_invoice(uow.session, deposit_id)
    if existing is not None:
        _audit(
            uow,
            "RECEIPT_REQUEST",
            account_id,
            existing.invoice_id,
            "EXISTING",
            detail=f"deposit={deposit_id}",
        )
        return existing, False
    invoice_id = str(uuid.uuid4())
    try:
        with uow.session.begin_nested():
            repo.insert_invoice(
                uow.session,
                invoice_id=invoice_id,
                deposit_id=deposit_id,
                status=InvoiceStatus.ISSUING.value,
                amount_fen=deposit.amount_fen,
                attempts=0,
            )
    except IntegrityError:  # a concurrent request won (the one-active-receipt index)
        existing = repo.active_invoice(uow.session, deposit_id)
        if existing is None:
            raise
        _audit(
            uow,
            "RECEIPT_REQUEST",
            account_id,
            existing.invoice_id,
            "EXISTING",
            detail=f"deposit={deposit_id}",
        )
        return existing, False
    _publish_status(uow, invoice_id, deposit_id, InvoiceStatus.ISSUING)
    _queue_issue(uow, invoice_id, deposit_id)
    _audit(uow, "RECEIPT_REQUEST", account_id, invoice_id, "CREATED", detail=f"deposit={deposit_id}")
    created = repo.get_invoice(uow.session, invoice_id)
    assert created is not None
    return created, True


def _visible_invoice(
    session: Session,
    invoice_id: str,
    account_id: str,
    binds: Binds,
    *,
    lock: bool = False,
) -> repo.StoredInvoice:
    if not _is_uuid(invoice_id):
        raise NotFound("票据不存在", "NOT_FOUND")
    invoice = repo.get_invoice(session, invoice_id, lock=lock)
    deposit = repo.get_deposit(session, invoice.deposit_id) if invoice else None
    check_access(deposit.facts if deposit else None, account_id, binds)
    assert invoice is not None
    return invoice


def get_invoice(session: Session, invoice_id: str, account_id: str, binds: Binds) -> repo.StoredInvoice:
    return _visible_invoice(session, invoice_id, account_id, binds)


def get_invoice_pdf(
    session: Session, invoice_id: str, account_id: str, binds: Binds
) -> tuple[repo.StoredInvoice, bytes, str]:
    invoice = _visible_invoice(session, invoice_id, account_id, binds)
    document = repo.get_document(session, invoice_id)
    if document is None:
        raise Conflict("电子票据尚未开具成功，暂无可下载的文件。", "INVOICE_NOT_ISSUED")
    return invoice, document[0], document[1]


def retry_receipt(db: Database, bindings: Bindings, invoice_id: str, account_id: str) -> repo.StoredInvoice:
    """重新开票 as the API takes it: access decided in a read first (it may ask the registry)."""
    with session_scope(db) as session:
        _visible_invoice(session, invoice_id, account_id, bindings.binds(session, account_id))
    with db.unit_of_work() as uow:
        invoice = retry_invoice(uow, invoice_id, account_id, bindings.binds_in_copy(uow.session, account_id))
        uow.commit()
    return invoice


def retry_invoice(uow: UnitOfWork, invoice_id: str, account_id: str, binds: Binds) -> repo.StoredInvoice:
    """重新开票 after FAILED: ISSUING again and a new work item."""
    invoice = _visible_invoice(uow.session, invoice_id, account_id, binds, lock=True)
    check_transition(invoice.status, InvoiceStatus.ISSUING)
    repo.update_invoice(
        uow.session,
        invoice_id,
        InvoiceStatus.FAILED,
        status=InvoiceStatus.ISSUING.value,
        attempts=0,
        failure_reason=None,
    )
    _publish_status(uow, invoice_id, invoice.deposit_id, InvoiceStatus.ISSUING)
    _queue_issue(uow, invoice_id, invoice.deposit_id)
    _audit(uow, "RECEIPT_RETRY", account_id, invoice_id, InvoiceStatus.ISSUING.value)
    updated = repo.get_invoice(uow.session, invoice_id)
    assert updated is not None
    return updated


def reissue_invoice(
    db: Database,
    platform: EInvoicePlatformClient,
    *,
    invoice_id: str,
    account_id: str,
    bindings: Bindings,
    reason: str,
) -> tuple[repo.StoredInvoice, repo.StoredInvoice]:
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
    db: Database,
    platform: EInvoicePlatformClient,
    *,
    invoice_id: str,
    account_id: str,
    bindings: Bindings,
    reason: str,
) -> tuple[repo.StoredInvoice, repo.StoredInvoice]:
    with session_scope(db) as session:
        invoice = _visible_invoice(session, invoice_id, account_id, bindings.binds(session, account_id))
        check_transition(invoice.status, InvoiceStatus.RED_FLUSHED)
    assert invoice.bill_code and invoice.bill_no
    red = platform.red_flush(bill_code=invoice.bill_code, bill_no=invoice.bill_no, reason=reason[:100])
    with db.unit_of_work() as uow:
        if not repo.update_invoice(
            uow.session,
            invoice_id,
            InvoiceStatus.ISSUED,
            status=InvoiceStatus.RED_FLUSHED.value,
            red_bill_code=red.red_bill_code,
            red_bill_no=red.red_bill_no,
        ):
            raise Conflict("该电子票据已冲红作废。", "INVOICE_STATE_CONFLICT")
        new_id = str(uuid.uuid4())
        repo.insert_invoice(
            uow.session,
            invoice_id=new_id,
            deposit_id=invoice.deposit_id,
            status=InvoiceStatus.ISSUING.value,
            amount_fen=invoice.amount_fen,
            attempts=0,
            replaces_invoice_id=invoice_id,
        )
        _publish_status(uow, invoice_id, invoice.deposit_id, InvoiceStatus.RED_FLUSHED)
        _publish_status(uow, new_id, invoice.deposit_id, InvoiceStatus.ISSUING)
        _queue_issue(uow, new_id, invoice.deposit_id)
        _audit(
            uow,
            "RECEIPT_REISSUE",
            account_id,
            invoice_id,
            InvoiceStatus.RED_FLUSHED.value,
            detail=f"new={new_id}",
        )
        uow.commit()
        old, new = repo.get_invoice(uow.session, invoice_id), repo.get_invoice(uow.session, new_id)
    assert old is not None and new is not None
    return new, old


def verify_receipt(
    session: Session, bill_code: str, bill_no: str, check_code: str
) -> repo.StoredInvoice | None:
    """The receipt with exactly these three values, or None (a forgery, or a typo)."""
    bill_code, bill_no, check_code = bill_code.strip(), bill_no.strip(), check_code.strip().upper()
    if not (ascii_digits(bill_code) and len(bill_code) == 8 and ascii_digits(bill_no) and len(bill_no) == 10):
        raise ValidationFailed("请输入8位票据代码和10位票据号码", field="bill_code")
    if len(check_code) != 6 or not check_code.isalnum():
        raise ValidationFailed("请输入6位校验码", field="check_code")
    invoice = repo.find_by_numbers(session, bill_code, bill_no)
    if invoice is None or (invoice.check_code or "").upper() != check_code:
        return None
    return invoice


@dataclass(frozen=True)
class DepositReceipt:
    deposit: repo.StoredDeposit
    invoice: repo.StoredInvoice | None

    @property
    def kind(self) -> str:
        if self.deposit.paper_receipt_no:
            return "PAPER"
        return "ELECTRONIC" if self.invoice else "NONE"


def receipt_states(
    session: Session, deposit_ids: Sequence[str], account_id: str, binds: Binds
) -> list[DepositReceipt]:
    if len(deposit_ids) > MAX_BATCH:
        raise ValidationFailed(f"一次最多查询{MAX_BATCH}笔交存", field="deposit_ids")
    visible = [d for d in repo.get_deposits(session, deposit_ids) if may_access(d.facts, account_id, binds)]
    active = repo.active_invoices(session, [d.deposit_id for d in visible])
    return [DepositReceipt(d, active.get(d.deposit_id)) for d in visible]


# --- the worker ------------------------------------------------------------------------------------


def render_document(
    keyring: KeyRing, settings: ReceiptSettings, deposit: repo.StoredDeposit, result: IssueResult
) -> bytes:
    assert result.bill_code and result.bill_no and result.check_code and result.issued_at
    return render_receipt_pdf(
        ReceiptDocument(
            bill_code=result.bill_code,
            bill_no=result.bill_no,
            check_code=result.check_code,
            issued_at=result.issued_at,
            payer_name=keyring.decrypt(deposit.owner_name_enc, OWNER_NAME_CTX),
            receiving_unit=settings.receiving_unit,
            items=(
                ReceiptItem(
                    ITEM_NAME, deposit.house_address, deposit.area_m2, deposit.business_no, deposit.amount_fen
                ),
            ),
            total_fen=deposit.amount_fen,
            verify_url=settings.verify_url,
        )
    )


def mark_issued(
    uow: UnitOfWork,
    *,
    keyring: KeyRing,
    settings: ReceiptSettings,
    invoice: repo.StoredInvoice,
    deposit: repo.StoredDeposit,
    result: IssueResult,
) -> None:
    """ISSUED with the platform's numbers and the PDF rendered once and stored with its hash."""
    pdf = render_document(keyring, settings, deposit, result)
    updated = repo.update_invoice(
        uow.session,
        invoice.invoice_id,
        InvoiceStatus.ISSUING,
        status=InvoiceStatus.ISSUED.value,
        bill_code=result.bill_code,
        bill_no=result.bill_no,
        check_code=result.check_code,
        issued_at=result.issued_at,
        payer_name_masked=mask_name(keyring.decrypt(deposit.owner_name_enc, OWNER_NAME_CTX)),
        failure_reason=None,
    )
    if not updated:
        return
    repo.insert_document(uow.session, invoice.invoice_id, pdf, hashlib.sha256(pdf).hexdigest())
    _publish_status(uow, invoice.invoice_id, invoice.deposit_id, InvoiceStatus.ISSUED)


def mark_failed(
    uow: UnitOfWork, invoice: repo.StoredInvoice, reason: str, attempts: int | None = None
) -> None:
    values: dict[str, object] = {"status": InvoiceStatus.FAILED.value, "failure_reason": reason[:200]}
    if attempts is not None:
        values["attempts"] = attempts
    if repo.update_invoice(uow.session, invoice.invoice_id, InvoiceStatus.ISSUING, **values):
        _publish_status(uow, invoice.invoice_id, invoice.deposit_id, InvoiceStatus.FAILED)


class IssueWorker:
    """Handles one IssueInvoiceWork item: ask the platform (biz_no = business number), record the result.

    The platform is asked by ``query`` first, so a work item redelivered after a crash (the platform
    issued, our commit did not happen) picks up the receipt already issued instead of asking again.
    A call without an answer counts an attempt in its own transaction and sends the item to the retry
    queue; after ``max_attempts`` the receipt is FAILED.
    """

    def __init__(
        self,
        db: Database,
        platform: EInvoicePlatformClient,
        keyring: KeyRing,
        settings: ReceiptSettings,
        after_platform_call: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.platform = platform
        self.keyring = keyring
        self.settings = settings
        self._after_platform_call = after_platform_call  # tests: simulate a crash before the commit

    def __call__(self, uow: UnitOfWork, work: invoice_pb2.IssueInvoiceWork) -> None:
        invoice = repo.get_invoice(uow.session, work.invoice_id)
        if invoice is None or invoice.status is not InvoiceStatus.ISSUING:
            return  # a stale or duplicate item: the receipt has moved on
        deposit = repo.get_deposit(uow.session, invoice.deposit_id)
        assert deposit is not None
        try:
            result = self._ask_platform(deposit)
        except Unavailable as exc:
            self._unanswered(uow, invoice, str(exc.details.get("reason", "unavailable")))
            return
        except DomainError as exc:  # refused outright (bad request, conflict, credentials)
            log.warning(
                "e-receipt platform refused", extra={"invoice_id": invoice.invoice_id, "code": exc.code}
            )
            mark_failed(uow, invoice, f"电子票据平台拒绝开票：{exc.message}")
            return
        if self._after_platform_call:
            self._after_platform_call()
        if result.status is ReceiptStatus.ISSUED:
            mark_issued(
                uow,
                keyring=self.keyring,
                settings=self.settings,
                invoice=invoice,
                deposit=deposit,
                result=result,
            )
        elif result.status is ReceiptStatus.REJECTED:
            mark_failed(uow, invoice, result.reject_reason or "电子票据平台拒绝开票")
        else:  # PROCESSING: ask again later
            self._unanswered(uow, invoice, "processing")

    def _ask_platform(self, deposit: repo.StoredDeposit) -> IssueResult:
        known = self.platform.query(deposit.business_no)
        if known is not None and known.status is ReceiptStatus.ISSUED:
            return known
        return self.platform.issue(
            biz_no=deposit.business_no,
            payer_name=self.keyring.decrypt(deposit.owner_name_enc, OWNER_NAME_CTX),
            amount_fen=deposit.amount_fen,
            items=[
                IssueItem(
                    ITEM_NAME, deposit.house_address, deposit.area_m2, deposit.business_no, deposit.amount_fen
                )
            ],
            receiving_unit=self.settings.receiving_unit,
        )

    def _unanswered(self, uow: UnitOfWork, invoice: repo.StoredInvoice, why: str) -> None:
        decision = after_unanswered_attempt(invoice.attempts, self.settings.max_attempts)
        log.warning(
            "e-receipt platform did not answer",
            extra={"invoice_id": invoice.invoice_id, "attempts": decision.attempts, "why": why},
        )
        if decision.give_up:
            mark_failed(uow, invoice, TIMEOUT_REASON, attempts=decision.attempts)
            return
        # The item's own transaction rolls back with the retry; the attempt count must survive it.
        with self.db.unit_of_work() as counter:
            repo.update_invoice(
                counter.session, invoice.invoice_id, InvoiceStatus.ISSUING, attempts=decision.attempts
            )
            counter.commit()
        raise IssueNotAnswered(f"invoice {invoice.invoice_id}: attempt {decision.attempts} unanswered")


def list_deposit_receipts(
    session: Session, page_size: int, token: str
) -> copies.SourcePage[tuple[str, str, str]]:
    """(deposit id, invoice id, status) of every deposit's newest receipt, for the deposit service's copy
    of receipt states checked against it (reconcile-copies)."""
    size = copies.source_page_size(page_size)
    rows = repo.newest_receipts_page(session, copies.decode_token(token), size + 1)
    return copies.source_page(rows, size, lambda row: row[0])
