"""F8 站外快速交存 (quick pay without login).

Every operation is one call to the quickpay service, which verifies the token and calls the deposit
and invoice services' own RPCs (no second implementation of ordering, posting or receipts). The token
is the only authority: no session, no cookie, hence no CSRF exposure for the API (see app.py).
"""

from __future__ import annotations

from typing import Any

from gateway.clients import Clients
from gateway.ops.payments import parse_amount, parse_channel, request_hash
from gateway.ops.views import order_dict, quickpay_state_dict
from maintfund.quickpay.v1 import quickpay_pb2
from maintfund_common import errors

MAX_TOKEN = 512


def _token(token: str) -> str:
    if not token or len(token) > MAX_TOKEN:
        # the quick-pay service's words for any bad token: a malformed one must not answer differently
        raise errors.NotFound(
            "查询结果已失效，请重新输入业务流水号和业主名称查询", code="QUICKPAY_TOKEN_INVALID"
        )
    return token


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
    return {"token": response.token, "expires_at": response.expires_at, **quickpay_state_dict(response.state)}


def state(clients: Clients, token: str) -> dict[str, Any]:
    response = clients.quickpay.GetState(quickpay_pb2.GetStateRequest(token=_token(token)))
    return quickpay_state_dict(response.state)


def create_order(
    clients: Clients, token: str, body: dict[str, Any], *, raw_body: bytes, idempotency_key: str
) -> tuple[dict[str, Any], bool]:
    channel = parse_channel(body)
    response = clients.quickpay.CreateOrder(
        quickpay_pb2.CreateOrderRequest(
            token=_token(token),
            channel=channel,
            amount_fen=parse_amount(body),
            idempotency_key=idempotency_key,
            request_hash=request_hash(raw_body),
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
