"""F8 站外快速交存 (quick pay without login), for /api/v1/quickpay and the UI.

Every operation is one call to the quickpay service, which verifies the token and calls the deposit
and invoice services' own RPCs (no second implementation of ordering, posting or receipts). The token
is the only authority: no session, no cookie, hence no CSRF exposure for the API (see app.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

from gateway.clients import Clients
from gateway.ops_payments import CHANNEL_NAMES, bill_dict, order_dict, parse_amount
from maintfund.deposit.v1 import deposit_pb2
from maintfund.quickpay.v1 import quickpay_pb2
from maintfund_common import errors

MAX_TOKEN = 512
RECEIPT_STATUS_NAMES = {
    "ISSUING": "开票中",
    "ISSUED": "开票成功",
    "FAILED": "开票失败",
    "RED_FLUSHED": "已冲红",
}


def _token(token: str) -> str:
    if not token or len(token) > MAX_TOKEN:
        # the quick-pay service's words for any bad token: a malformed one must not answer differently
        raise errors.NotFound(
            "查询结果已失效，请重新输入业务流水号和业主名称查询", code="QUICKPAY_TOKEN_INVALID"
        )
    return token


def next_action(state: dict[str, Any]) -> str:
    """What the result page offers (seed 4.2.5 / 4.2.6)."""
    deposit = state["deposit"]
    if deposit is None:
        return "PAY" if state["bill"]["status"] == "PENDING" else "NONE"
    receipt = deposit["receipt"]
    if receipt["kind"] == "PAPER":
        return "PAPER"
    return {"ISSUED": "DOWNLOAD", "FAILED": "RETRY_INVOICE", "ISSUING": "ISSUING"}.get(
        receipt["status"], "REQUEST_INVOICE"
    )


def state_dict(state: quickpay_pb2.QuickpayState) -> dict[str, Any]:
    bill = bill_dict(state.bill)
    for owner_only in ("house_id", "notices", "can_pay"):  # quick pay's own state machine decides
        bill.pop(owner_only, None)
    bill["owner_name_masked"] = state.owner_name_masked
    deposit = None
    if state.HasField("deposit"):
        d = state.deposit
        kind = (
            deposit_pb2.ReceiptKind.Name(d.receipt.kind).removeprefix("RECEIPT_KIND_")
            if d.receipt.kind
            else ""
        )
        deposit = {
            "deposit_id": d.deposit_id,
            "amount_fen": d.amount_fen,
            "paid_at": d.paid_at,
            "channel": d.channel,
            "channel_name": CHANNEL_NAMES.get(d.channel, ""),
            "receipt": {
                "kind": kind,
                "invoice_id": d.receipt.invoice_id or None,
                "status": d.receipt.status or None,
                "status_name": RECEIPT_STATUS_NAMES.get(d.receipt.status, ""),
            },
        }
    order = order_dict(state.latest_order) if state.HasField("latest_order") else None
    result = {"bill": bill, "deposit": deposit, "order": order}
    result["next_action"] = next_action(result)
    return result


def lookup(clients: Clients, body: dict[str, Any], client_ip: str) -> dict[str, Any]:
    challenge = body.get("challenge") if isinstance(body.get("challenge"), dict) else {}
    response = clients.quickpay.Lookup(
        quickpay_pb2.LookupRequest(
            business_no=str(body.get("business_no", ""))[:64],
            owner_name=str(body.get("owner_name", ""))[:64],
            client_ip=client_ip,
            challenge_id=str(challenge.get("id", body.get("challenge_id", "")))[:64],
            challenge_answer=str(challenge.get("answer", body.get("challenge_answer", "")))[:16],
        )
    )
    return {"token": response.token, "expires_at": response.expires_at, **state_dict(response.state)}


def state(clients: Clients, token: str) -> dict[str, Any]:
    response = clients.quickpay.GetState(quickpay_pb2.GetStateRequest(token=_token(token)))
    return state_dict(response.state)


def create_order(
    clients: Clients, token: str, body: dict[str, Any], *, raw_body: bytes, idempotency_key: str
) -> tuple[dict[str, Any], bool]:
    channel = str(body.get("channel", ""))
    if channel not in ("WECHAT", "ALIPAY"):
        raise errors.ValidationFailed("请选择支付方式（WECHAT 或 ALIPAY）", field="channel")
    response = clients.quickpay.CreateOrder(
        quickpay_pb2.CreateOrderRequest(
            token=_token(token),
            channel=deposit_pb2.Channel.Value(f"CHANNEL_{channel}"),
            amount_fen=parse_amount(body),
            idempotency_key=idempotency_key,
            request_hash=hashlib.sha256(raw_body).hexdigest(),
        ),
        timeout=15,
    )
    return order_dict(response.order), response.replayed


def request_invoice(clients: Clients, token: str) -> dict[str, Any]:
    response = clients.quickpay.RequestInvoice(quickpay_pb2.RequestInvoiceRequest(token=_token(token)))
    return {"invoice_id": response.invoice_id, "status": response.status}


def invoice_pdf(clients: Clients, token: str) -> tuple[bytes, str]:
    response = clients.quickpay.GetInvoicePdf(quickpay_pb2.GetInvoicePdfRequest(token=_token(token)))
    return response.pdf, response.filename or "receipt.pdf"
