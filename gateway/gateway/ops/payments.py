"""F5 我要交款, F6 我要查询, F7 我的交存记录 and the payment providers' notifications.

Access to bills is the deposit service's decision: a bill is visible and payable when its house is bound
to the account, or with the account's 我要查询 grant for the house (signed by the registry when the owner
found it; the browser carries it, the gateway keeps nothing). Notices and payability come with the bill;
the gateway only puts the manual's Chinese words to them. Each owner read is one call.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from gateway.clients import Clients
from gateway.ops.labels import NOTICE_TEXTS, PROPERTY_KIND_NAMES
from gateway.ops.views import bill_dict, deposit_record_dict, notice_codes, order_dict, registry_house_dict
from maintfund.deposit.v1 import deposit_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common import errors
from maintfund_common.money import yuan_to_fen

QUERY_METHODS = {
    "address": registry_pb2.FIND_BY_ADDRESS,
    "contract": registry_pb2.FIND_BY_CONTRACT,
    "certificate": registry_pb2.FIND_BY_CERTIFICATE,
}
MAX_AMOUNT_FEN = 2**63 - 1  # the RPCs' int64; the deposit service applies the bill's own limits


def _grant(raw: object) -> str:
    """A 我要查询 grant as the client sent it back (the deposit service checks it)."""
    return raw[:200] if isinstance(raw, str) else ""


def parse_amount(body: dict[str, Any]) -> int:
    """``amount_fen`` (integer) from the API, or ``amount_yuan`` (text) from the form; 0 when absent."""
    raw = body.get("amount_fen")
    if raw not in (None, ""):
        if not isinstance(raw, int) or isinstance(raw, bool) or not 0 < raw <= MAX_AMOUNT_FEN:
            raise errors.ValidationFailed("amount_fen 应为正整数（分）", field="amount_fen")
        return raw
    # typed on a phone: full-width digits and point (「１２３．４５」) are the same amount
    yuan = unicodedata.normalize("NFKC", str(body.get("amount_yuan") or "")).strip()
    if not yuan:
        return 0
    try:
        fen = yuan_to_fen(yuan)
    except (ValueError, errors.DomainError):
        raise errors.ValidationFailed("请输入正确的金额（元，最多两位小数）", field="amount_fen") from None
    if fen <= 0:
        raise errors.ValidationFailed("交存金额必须大于0", field="amount_fen")
    if fen > MAX_AMOUNT_FEN:
        raise errors.ValidationFailed("请输入正确的金额（元，最多两位小数）", field="amount_fen")
    return fen


def parse_channel(body: dict[str, Any]) -> int:
    """The payment channel the owner chose (WeChat Pay or Alipay) as the RPCs' enum value."""
    channel = str(body.get("channel", ""))
    if channel not in ("WECHAT", "ALIPAY"):
        raise errors.ValidationFailed("请选择支付方式（WECHAT 或 ALIPAY）", field="channel")
    return deposit_pb2.Channel.Value(f"CHANNEL_{channel}")


def request_hash(raw_body: bytes) -> str:
    """What an idempotent replay must repeat: the request body, hashed."""
    return hashlib.sha256(raw_body).hexdigest()


# --- F5 我要交款 ---------------------------------------------------------------------------------------


def pending_bills(clients: Clients, account_id: str) -> dict[str, Any]:
    bills = clients.deposit.ListBills(
        deposit_pb2.ListBillsRequest(account_id=account_id, status=deposit_pb2.BILL_STATUS_PENDING)
    ).bills
    return {"items": [bill_dict(b) for b in bills], "next_cursor": None}


def bill_detail(clients: Clients, account_id: str, bill_id: str, grant: str = "") -> dict[str, Any]:
    bill = clients.deposit.GetBill(
        deposit_pb2.GetBillRequest(bill_id=bill_id[:64], account_id=account_id, grant=_grant(grant))
    ).bill
    data = bill_dict(bill)
    data["grant"] = _grant(grant) or None
    return data


def create_order(
    clients: Clients,
    account_id: str,
    bill_id: str,
    body: dict[str, Any],
    *,
    raw_body: bytes,
    idempotency_key: str,
) -> tuple[dict[str, Any], bool]:
    channel = parse_channel(body)
    amount = parse_amount(body)
    response = clients.deposit.CreateOrder(
        deposit_pb2.CreateOrderRequest(
            bill_id=bill_id[:64],
            payer_account_id=account_id,
            channel=channel,
            amount_fen=amount,
            grant=_grant(body.get("grant")),
            idempotency_key=idempotency_key,
            idempotency_scope=f"{account_id}:POST /api/v1/bills/{bill_id[:64]}/orders",
            request_hash=request_hash(raw_body),
        ),
        timeout=15,
    )
    return order_dict(response.order), response.replayed


def get_order(clients: Clients, account_id: str, order_id: str) -> dict[str, Any]:
    order = clients.deposit.GetOrder(
        deposit_pb2.GetOrderRequest(order_id=order_id[:64], payer_account_id=account_id)
    ).order
    return order_dict(order)


def confirm_order(clients: Clients, account_id: str, order_id: str) -> dict[str, Any]:
    order = clients.deposit.ConfirmOrder(
        deposit_pb2.ConfirmOrderRequest(order_id=order_id[:64], payer_account_id=account_id), timeout=15
    ).order
    return order_dict(order)


# --- F6 我要查询 ---------------------------------------------------------------------------------------


def house_query(clients: Clients, account_id: str, body: dict[str, Any]) -> dict[str, Any]:
    by = str(body.get("by", ""))
    if by not in QUERY_METHODS:
        raise errors.ValidationFailed("查询方式应为 address、contract 或 certificate", field="by")
    found = clients.registry.FindHouse(
        registry_pb2.FindHouseRequest(
            account_id=account_id,
            by=QUERY_METHODS[by],
            address=str(body.get("address") or "")[:200],
            contract_no=str(body.get("contract_no") or "")[:60],
            house_type=str(body.get("house_type") or "")[:20],
            cert_no=str(body.get("cert_no") or "")[:100],
        )
    )
    house = found.house
    payment = clients.deposit.GetHousePayment(
        deposit_pb2.GetHousePaymentRequest(account_id=account_id, house_id=house.house_id, grant=found.grant)
    )
    notices = notice_codes(payment.notices)
    return {
        "house": {
            **registry_house_dict(house),
            "property_kind": PROPERTY_KIND_NAMES.get(house.property_kind, ""),
        },
        "owned": payment.owned,
        "notices": notices,
        "notice_texts": [NOTICE_TEXTS[n] for n in notices],
        "bills": [bill_dict(b) for b in payment.bills],
        "can_pay": payment.payable,
        "grant": found.grant,
        "grant_expires_at": found.grant_expires_at,
    }


# --- F7 我的交存记录 -----------------------------------------------------------------------------------


def deposit_records(clients: Clients, account_id: str, limit: int = 20, cursor: str = "") -> dict[str, Any]:
    page = clients.deposit.ListDepositRecords(
        deposit_pb2.ListDepositRecordsRequest(payer_account_id=account_id, page_size=limit, page_token=cursor)
    )
    return {
        "items": [deposit_record_dict(r) for r in page.records],
        "next_cursor": page.next_page_token or None,
    }


# --- provider notifications ----------------------------------------------------------------------------


def payment_notification(
    clients: Clients, channel: str, headers: dict[str, str], body: bytes
) -> tuple[int, bytes, str]:
    response = clients.deposit.HandlePaymentNotification(
        deposit_pb2.HandlePaymentNotificationRequest(
            channel=deposit_pb2.Channel.Value(f"CHANNEL_{channel}"), headers=headers, body=body
        ),
        timeout=4.5,  # the providers want an answer within 5 s
    )
    return response.http_status, response.body, response.content_type
