"""Quick pay use cases: lookup (limits, challenge, padding, token), state, order, receipt, PDF.

Nothing here orders, posts or issues anything itself: the deposit service's GetQuickpayBill and
CreateOrder and the invoice service's RequestInvoice / RetryInvoice / GetReceiptStates / GetInvoicePdf
do, the invoice calls authorised by the one deposit a verified token names.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from maintfund.deposit.v1 import deposit_pb2
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common import errors
from maintfund_common.personal_data import normalize_name
from quickpay.config import Limits
from quickpay.domain import abuse, tokens

log = logging.getLogger(__name__)
MAX_BUSINESS_NO, MAX_NAME = 40, 64


class AbuseStore(Protocol):
    """Counters in fixed windows and one-time challenges (adapters.limits: Redis)."""

    def hit(self, key: str, window_s: int) -> tuple[int, int]: ...
    def count(self, key: str) -> int: ...
    def reset(self, key: str) -> None: ...
    def put_challenge(self, challenge_id: str, answer: str, ttl_s: int) -> None: ...
    def take_challenge(self, challenge_id: str) -> str | None: ...
    def ping(self) -> bool: ...


@dataclass
class QuickpayApp:
    deposit: Any  # ServiceClient(DepositService)
    invoice: Any  # ServiceClient(InvoiceService)
    store: AbuseStore
    token_key: bytes
    token_ttl_s: int
    miss_min_s: float
    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class Lookup:
    business_no: str
    owner_name: str
    client_ip: str
    challenge_id: str = ""
    challenge_answer: str = ""


@dataclass(frozen=True)
class State:
    """What a token opens: the deposit service's answer, with the receipt state made current."""

    bill: deposit_pb2.GetQuickpayBillResponse
    invoice_id: str = ""
    invoice_status: str = ""


def not_found() -> errors.NotFound:
    return errors.NotFound("未查询到该笔业务，请核对业务流水号和业主名称", code="QUICKPAY_NOT_FOUND")


def _key(app: QuickpayApp, kind: str, value: str) -> str:
    return f"{kind}:{abuse.limit_key_part(app.token_key, value)}"


def _limit(app: QuickpayApp, key: str, allowed: int) -> None:
    count, retry_after = app.store.hit(key, app.limits.window_s)
    if count > allowed:
        log.warning("quick pay lookup limited", extra={"limit": key.split(":", maxsplit=1)[0]})
        raise errors.RateLimited(
            "查询过于频繁，请稍后再试", code="RATE_LIMITED", retry_after=str(retry_after)
        )


def _require_challenge(app: QuickpayApp, client: str, cmd: Lookup) -> None:
    failures = app.store.count(_key(app, "fail", client))
    if failures < app.limits.failures_before_challenge:
        return
    if cmd.challenge_id:
        expected = app.store.take_challenge(_key(app, "ch", client) + ":" + cmd.challenge_id[:64])
        if expected is not None and abuse.answer_matches(expected, cmd.challenge_answer[:16]):
            app.store.reset(_key(app, "fail", client))
            return
    challenge = abuse.new_challenge()
    challenge_id = secrets.token_urlsafe(16)
    app.store.put_challenge(
        _key(app, "ch", client) + ":" + challenge_id, challenge.answer, app.limits.challenge_ttl_s
    )
    raise errors.PermissionDenied(
        "查询失败次数过多，请先完成验证",
        code="CHALLENGE_REQUIRED",
        challenge_id=challenge_id,
        challenge_question=challenge.question,
    )


def lookup(app: QuickpayApp, cmd: Lookup) -> tuple[str, datetime, State]:
    started = app.monotonic()
    number = cmd.business_no.strip().upper()
    name = cmd.owner_name.strip()
    if not number or len(number) > MAX_BUSINESS_NO:
        raise errors.ValidationFailed("请输入业务流水号", field="business_no")
    if not name or len(name) > MAX_NAME:
        raise errors.ValidationFailed("请输入业主名称", field="owner_name")
    client = cmd.client_ip.strip() or "unknown"
    _limit(app, _key(app, "client", client), app.limits.per_client)
    _require_challenge(app, client, cmd)
    _limit(app, _key(app, "bno", number), app.limits.per_business_no)
    try:
        name_key = normalize_name(name)
    except errors.ValidationFailed:
        name_key = name
    _limit(app, _key(app, "name", name_key), app.limits.per_name)
    try:
        found = app.deposit.GetQuickpayBill(
            deposit_pb2.GetQuickpayBillRequest(business_no=number, owner_name=name)
        )
    except errors.NotFound:
        app.store.hit(_key(app, "fail", client), app.limits.failure_window_s)
        app.sleep(abuse.padding_s(started, app.monotonic(), app.miss_min_s))
        raise not_found() from None
    expires = int(app.clock()) + app.token_ttl_s
    claims = tokens.TokenClaims(found.bill.bill_id, found.bill.business_no, found.bill.house_id, expires)
    log.info("quick pay lookup matched", extra={"bill_id": found.bill.bill_id})
    return tokens.sign(app.token_key, claims), datetime.fromtimestamp(expires, UTC), _fresh(app, found)


def verify(app: QuickpayApp, token: str) -> tokens.TokenClaims:
    return tokens.verify(app.token_key, token, app.clock())


def _grant(deposit_id: str) -> invoice_pb2.Caller:
    return invoice_pb2.Caller(quickpay_deposit_id=deposit_id)


def _fresh(app: QuickpayApp, found: deposit_pb2.GetQuickpayBillResponse) -> State:
    """The deposit service's copy of the receipt state can trail the invoice service by an event: ask it."""
    if not found.HasField("deposit") or found.deposit.receipt.kind == deposit_pb2.RECEIPT_KIND_PAPER:
        return State(found)
    states = app.invoice.GetReceiptStates(
        invoice_pb2.GetReceiptStatesRequest(
            deposit_ids=[found.deposit.deposit_id], caller=_grant(found.deposit.deposit_id)
        )
    ).states
    for state in states:
        if state.HasField("invoice") and state.invoice.invoice_id:
            status = invoice_pb2.InvoiceStatus.Name(state.invoice.status).removeprefix("INVOICE_STATUS_")
            return State(found, state.invoice.invoice_id, status)
    receipt = found.deposit.receipt
    return State(found, receipt.invoice_id, receipt.status)


def state(app: QuickpayApp, token: str) -> State:
    claims = verify(app, token)
    found = app.deposit.GetQuickpayBill(deposit_pb2.GetQuickpayBillRequest(bill_id=claims.bill_id))
    return _fresh(app, found)


def create_order(
    app: QuickpayApp, token: str, channel: int, amount_fen: int, *, idempotency_key: str, request_hash: str
) -> tuple[deposit_pb2.Order, bool]:
    claims = verify(app, token)
    response = app.deposit.CreateOrder(
        deposit_pb2.CreateOrderRequest(
            bill_id=claims.bill_id,
            payer_account_id="",
            channel=channel,
            amount_fen=amount_fen,
            idempotency_key=idempotency_key,
            idempotency_scope=f"quickpay:{claims.bill_id}:orders" if idempotency_key else "",
            request_hash=request_hash,
        )
    )
    return response.order, response.replayed


def _paid_state(app: QuickpayApp, token: str) -> State:
    current = state(app, token)
    if not current.bill.HasField("deposit"):
        raise errors.Conflict("该笔业务尚未交存，交存成功后才能开票", code="NOT_PAID")
    if current.bill.deposit.receipt.kind == deposit_pb2.RECEIPT_KIND_PAPER:
        raise errors.Conflict("该笔交存已开具纸质票据，不能再开具电子票据", code="PAPER_RECEIPT_ISSUED")
    return current


def request_invoice(app: QuickpayApp, token: str) -> tuple[str, str]:
    """我要开票, or 重新开票 when the receipt FAILED: (invoice_id, status)."""
    current = _paid_state(app, token)
    grant = _grant(current.bill.deposit.deposit_id)
    if current.invoice_status == "FAILED":
        invoice = app.invoice.RetryInvoice(
            invoice_pb2.RetryInvoiceRequest(invoice_id=current.invoice_id, caller=grant)
        ).invoice
    else:
        invoice = app.invoice.RequestInvoice(
            invoice_pb2.RequestInvoiceRequest(deposit_id=current.bill.deposit.deposit_id, caller=grant)
        ).invoice
    return invoice.invoice_id, invoice_pb2.InvoiceStatus.Name(invoice.status).removeprefix("INVOICE_STATUS_")


def invoice_pdf(app: QuickpayApp, token: str) -> tuple[bytes, str]:
    current = _paid_state(app, token)
    if current.invoice_status != "ISSUED":
        raise errors.Conflict("票据尚未开具成功", code="RECEIPT_NOT_ISSUED")
    response = app.invoice.GetInvoicePdf(
        invoice_pb2.GetInvoicePdfRequest(
            invoice_id=current.invoice_id, caller=_grant(current.bill.deposit.deposit_id)
        )
    )
    return response.pdf, response.filename
