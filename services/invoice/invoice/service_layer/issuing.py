"""The worker's use case: one IssueInvoiceWork item asks the e-receipt platform and records its answer
(ISSUED with the PDF rendered once and stored, FAILED, or an attempt counted and the item retried)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from invoice.domain.einvoice import IssueItem, IssueResult, ReceiptStatus
from invoice.domain.receipt_document import ReceiptDocument, ReceiptItem
from invoice.domain.receipts import TIMEOUT_REASON, InvoiceStatus, after_unanswered_attempt
from invoice.domain.records import StoredDeposit, StoredInvoice
from invoice.service_layer.deposits import OWNER_NAME_CTX
from invoice.service_layer.ports import ReceiptPlatform, RenderReceipt
from invoice.service_layer.receipts import publish_status
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common.errors import DomainError, Unavailable
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import mask_name

if TYPE_CHECKING:
    from invoice.adapters.repository import InvoiceRepository
    from maintfund_common.db import Database, UnitOfWork

log = logging.getLogger(__name__)

ITEM_NAME = "住宅专项维修资金"


class IssueNotAnswered(Exception):
    """The platform gave no answer this time: the work item goes to the retry queue."""


@dataclass(frozen=True)
class ReceiptSettings:
    receiving_unit: str
    verify_url: str
    max_attempts: int


def receipt_document(
    keyring: KeyRing, settings: ReceiptSettings, deposit: StoredDeposit, result: IssueResult
) -> ReceiptDocument:
    """What the PDF of an issued receipt prints: the platform's numbers, the payer, the deposit."""
    assert result.bill_code and result.bill_no and result.check_code and result.issued_at
    return ReceiptDocument(
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


def mark_issued(
    uow: UnitOfWork[InvoiceRepository],
    *,
    keyring: KeyRing,
    settings: ReceiptSettings,
    render: RenderReceipt,
    invoice: StoredInvoice,
    deposit: StoredDeposit,
    result: IssueResult,
) -> None:
    """ISSUED with the platform's numbers and the PDF rendered once and stored with its hash."""
    pdf = render(receipt_document(keyring, settings, deposit, result))
    updated = uow.repo.update_invoice(
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
    uow.repo.add_document(invoice.invoice_id, pdf, hashlib.sha256(pdf).hexdigest())
    publish_status(uow, invoice.invoice_id, invoice.deposit_id, InvoiceStatus.ISSUED)


def mark_failed(
    uow: UnitOfWork[InvoiceRepository], invoice: StoredInvoice, reason: str, attempts: int | None = None
) -> None:
    """FAILED with the reason (only while still ISSUING: a stale work item changes nothing)."""
    values: dict[str, object] = {"status": InvoiceStatus.FAILED.value, "failure_reason": reason[:200]}
    if attempts is not None:
        values["attempts"] = attempts
    if uow.repo.update_invoice(invoice.invoice_id, InvoiceStatus.ISSUING, **values):
        publish_status(uow, invoice.invoice_id, invoice.deposit_id, InvoiceStatus.FAILED)


class IssueWorker:
    """Handles one IssueInvoiceWork item: ask the platform (biz_no = business number), record the result.

    The platform is asked by ``query`` first, so a work item redelivered after a crash (the platform
    issued, our commit did not happen) picks up the receipt already issued instead of asking again.
    A call without an answer counts an attempt in its own transaction and sends the item to the retry
    queue; after ``max_attempts`` the receipt is FAILED.
    """

    def __init__(
        self,
        db: Database[InvoiceRepository],
        platform: ReceiptPlatform,
        keyring: KeyRing,
        settings: ReceiptSettings,
        *,
        render: RenderReceipt,
        after_platform_call: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.platform = platform
        self.keyring = keyring
        self.settings = settings
        self.render = render
        self._after_platform_call = after_platform_call  # tests: simulate a crash before the commit

    def __call__(self, uow: UnitOfWork[InvoiceRepository], work: invoice_pb2.IssueInvoiceWork) -> None:
        invoice = uow.repo.get_invoice(work.invoice_id)
        if invoice is None or invoice.status is not InvoiceStatus.ISSUING:
            return  # a stale or duplicate item: the receipt has moved on
        deposit = uow.repo.get_deposit(invoice.deposit_id)
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
                render=self.render,
                invoice=invoice,
                deposit=deposit,
                result=result,
            )
        elif result.status is ReceiptStatus.REJECTED:
            mark_failed(uow, invoice, result.reject_reason or "电子票据平台拒绝开票")
        else:  # PROCESSING: ask again later
            self._unanswered(uow, invoice, "processing")

    def _ask_platform(self, deposit: StoredDeposit) -> IssueResult:
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

    def _unanswered(self, uow: UnitOfWork[InvoiceRepository], invoice: StoredInvoice, why: str) -> None:
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
            counter.repo.update_invoice(invoice.invoice_id, InvoiceStatus.ISSUING, attempts=decision.attempts)
            counter.commit()
        raise IssueNotAnswered(f"invoice {invoice.invoice_id}: attempt {decision.attempts} unanswered")
