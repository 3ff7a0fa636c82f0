"""E-receipt rules (DESIGN §3 E-receipt): the state machine, who may act, and when to give up.

ISSUING -> ISSUED | FAILED; FAILED -> ISSUING (retry); ISSUED -> RED_FLUSHED (re-issue, which links a
new ISSUING receipt). One active (not RED_FLUSHED) receipt per deposit; none when a paper receipt exists.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from maintfund_common.errors import Conflict, NotFound

PAPER_RECEIPT_MESSAGE = "您的纸质票据已开具，不支持再次开具电子票据。"
TIMEOUT_REASON = "电子票据平台长时间未响应，开票失败，请稍后重新开票。"


class InvoiceStatus(StrEnum):
    ISSUING = "ISSUING"
    ISSUED = "ISSUED"
    FAILED = "FAILED"
    RED_FLUSHED = "RED_FLUSHED"


TRANSITIONS: dict[InvoiceStatus, frozenset[InvoiceStatus]] = {
    InvoiceStatus.ISSUING: frozenset({InvoiceStatus.ISSUED, InvoiceStatus.FAILED}),
    InvoiceStatus.FAILED: frozenset({InvoiceStatus.ISSUING}),
    InvoiceStatus.ISSUED: frozenset({InvoiceStatus.RED_FLUSHED}),
    InvoiceStatus.RED_FLUSHED: frozenset(),
}


class PaperReceiptIssued(Conflict):
    default_code = "PAPER_RECEIPT_ISSUED"

    def __init__(self) -> None:
        super().__init__(PAPER_RECEIPT_MESSAGE)


class InvalidTransition(Conflict):
    default_code = "INVOICE_STATE_CONFLICT"


def check_transition(current: InvoiceStatus, target: InvoiceStatus) -> None:
    if target not in TRANSITIONS[current]:
        messages = {
            InvoiceStatus.ISSUING: "电子票据正在开具中，请稍后查询。",
            InvoiceStatus.ISSUED: "电子票据已开具成功。",
            InvoiceStatus.FAILED: "电子票据开具失败，请重新开票。",
            InvoiceStatus.RED_FLUSHED: "该电子票据已冲红作废。",
        }
        raise InvalidTransition(messages[current], current=current.value, target=target.value)


@dataclass(frozen=True)
class DepositFacts:
    """What the invoice service knows about a deposit (its copy from DepositPaid)."""

    deposit_id: str
    house_id: str
    payer_account_id: str | None
    paper_receipt: bool


@dataclass(frozen=True)
class PaidDeposit:
    """A deposit as the copy keeps it: what DepositPaid carries (or the deposit service tells, when the
    event has not arrived yet), plus a paper receipt's number if one is known."""

    deposit_id: str
    house_id: str
    business_no: str
    amount_fen: int
    paid_at: datetime
    channel: str
    payer_account_id: str  # empty for quick pay without login
    owner_name: str
    house_address: str
    area_m2: str
    payment_type: str
    paper_receipt_no: str | None = None


QUICKPAY_PRINCIPAL = "quickpay-deposit:"


def quickpay_principal(deposit_id: str) -> str:
    """The principal of a verified quick-pay token: it may see that one deposit's receipts, nothing else."""
    return QUICKPAY_PRINCIPAL + deposit_id


def may_access(deposit: DepositFacts, account_id: str, binds: Callable[[str], bool]) -> bool:
    """The payer and the accounts the house is bound to; empty account_id = a municipal system;
    a quick-pay principal (see quickpay_principal) = exactly its one deposit."""
    if account_id.startswith(QUICKPAY_PRINCIPAL):
        return bool(deposit.deposit_id) and deposit.deposit_id == account_id.removeprefix(QUICKPAY_PRINCIPAL)
    if not account_id:
        return True
    return deposit.payer_account_id == account_id or binds(deposit.house_id)  # asked only when needed


def check_access(deposit: DepositFacts | None, account_id: str, binds: Callable[[str], bool]) -> DepositFacts:
    if deposit is None or not may_access(deposit, account_id, binds):
        raise NotFound("票据不存在", "NOT_FOUND")
    return deposit


def check_can_request(deposit: DepositFacts) -> None:
    if deposit.paper_receipt:
        raise PaperReceiptIssued()


@dataclass(frozen=True)
class AttemptDecision:
    give_up: bool
    attempts: int


def after_unanswered_attempt(attempts_before: int, max_attempts: int) -> AttemptDecision:
    """A platform call without an answer (timeout, 5xx): try again later, or FAILED after the bound."""
    attempts = attempts_before + 1
    return AttemptDecision(give_up=attempts >= max_attempts, attempts=attempts)
