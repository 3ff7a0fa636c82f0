"""What a verified quick-pay token opens: the bill's state, a payment order, the receipt and its PDF.

Nothing here orders, posts or issues anything itself: the deposit service's GetQuickpayBill and
CreateOrder and the invoice service's RequestInvoice / RetryInvoice / GetReceiptStates / GetInvoicePdf
do, the invoice calls authorised by the one deposit a verified token names.
"""

from __future__ import annotations

from dataclasses import dataclass

from maintfund.deposit.v1 import deposit_pb2
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common import errors
from quickpay.domain import tokens
from quickpay.service_layer.ports import QuickpayDeps


@dataclass(frozen=True)
class State:
    """What a token opens: the deposit service's answer, with the receipt state made current."""

    bill: deposit_pb2.GetQuickpayBillResponse
    invoice_id: str = ""
    invoice_status: str = ""


def verify(deps: QuickpayDeps, token: str) -> tokens.TokenClaims:
    return tokens.verify(deps.token_key, token, deps.clock())


def _grant(deposit_id: str) -> invoice_pb2.Caller:
    return invoice_pb2.Caller(quickpay_deposit_id=deposit_id)


def fresh_state(deps: QuickpayDeps, found: deposit_pb2.GetQuickpayBillResponse) -> State:
    """The deposit service's copy of the receipt state can trail the invoice service by an event: ask it."""
    if not found.HasField("deposit") or found.deposit.receipt.kind == deposit_pb2.RECEIPT_KIND_PAPER:
        return State(found)
    states = deps.invoice.GetReceiptStates(
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


def state(deps: QuickpayDeps, token: str) -> State:
    claims = verify(deps, token)
    found = deps.deposit.GetQuickpayBill(deposit_pb2.GetQuickpayBillRequest(bill_id=claims.bill_id))
    return fresh_state(deps, found)


def create_order(
    deps: QuickpayDeps, token: str, channel: int, amount_fen: int, *, idempotency_key: str, request_hash: str
) -> tuple[deposit_pb2.Order, bool]:
    claims = verify(deps, token)
    response = deps.deposit.CreateOrder(
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


def _paid_state(deps: QuickpayDeps, token: str) -> State:
    current = state(deps, token)
    if not current.bill.HasField("deposit"):
        raise errors.Conflict("该笔业务尚未交存，交存成功后才能开票", code="NOT_PAID")
    if current.bill.deposit.receipt.kind == deposit_pb2.RECEIPT_KIND_PAPER:
        raise errors.Conflict("该笔交存已开具纸质票据，不能再开具电子票据", code="PAPER_RECEIPT_ISSUED")
    return current


def request_invoice(deps: QuickpayDeps, token: str) -> tuple[str, str]:
    """我要开票, or 重新开票 when the receipt FAILED: (invoice_id, status)."""
    current = _paid_state(deps, token)
    grant = _grant(current.bill.deposit.deposit_id)
    if current.invoice_status == "FAILED":
        invoice = deps.invoice.RetryInvoice(
            invoice_pb2.RetryInvoiceRequest(invoice_id=current.invoice_id, caller=grant)
        ).invoice
    else:
        invoice = deps.invoice.RequestInvoice(
            invoice_pb2.RequestInvoiceRequest(deposit_id=current.bill.deposit.deposit_id, caller=grant)
        ).invoice
    return invoice.invoice_id, invoice_pb2.InvoiceStatus.Name(invoice.status).removeprefix("INVOICE_STATUS_")


def invoice_pdf(deps: QuickpayDeps, token: str) -> tuple[bytes, str]:
    current = _paid_state(deps, token)
    if current.invoice_status != "ISSUED":
        raise errors.Conflict("票据尚未开具成功", code="RECEIPT_NOT_ISSUED")
    response = deps.invoice.GetInvoicePdf(
        invoice_pb2.GetInvoicePdfRequest(
            invoice_id=current.invoice_id, caller=_grant(current.bill.deposit.deposit_id)
        )
    )
    return response.pdf, response.filename
