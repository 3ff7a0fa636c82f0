"""F5 我要交款, F6 我要查询, F7 我的交存记录 and the provider notifications, for /api/v1 and the UI.

Access to bills is the deposit service's decision: a bill is visible and payable when its house is bound
to the account, or with the account's 我要查询 grant for the house (signed by the registry when the owner
found it; the browser carries it, the gateway keeps nothing). Notices and payability come with the bill;
the gateway only puts the manual's Chinese words to them. Each owner read is one call.
"""

from __future__ import annotations

import base64
import hashlib
import io
from typing import Any

import qrcode
import qrcode.image.svg

from gateway.clients import Clients
from maintfund.deposit.v1 import deposit_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common import errors
from maintfund_common.money import yuan_to_fen

NOTICE_TEXTS = {  # seed 2.5 注 (1)–(3)
    "REFUND_REQUIRED": "该房屋需要办理维修资金退款。请业主持身份证、房屋产权证明及北京市住宅专项维修资金票据"
    "到房屋所在行政区住房公积金管理部办理维修资金退款业务。",
    "UNIT_MUST_PAY": "该房屋为售后公有住房，需由所属单位前往房屋所在行政区住房公积金管理部办理交存。",
    "NOT_OWNER": "您与该房屋业主不是同一人，继续交存产生的票据将显示现业主姓名。",
}
PAYMENT_TYPE_NAMES = {"FIRST_DEPOSIT": "首次交存", "TOP_UP": "补交", "REPLENISHMENT": "续筹"}
CHANNEL_NAMES = {"WECHAT": "微信支付", "ALIPAY": "支付宝", "COUNTER": "柜台"}
ORDER_STATUS_NAMES = {
    "PENDING": "待支付",
    "PAID": "交存成功",
    "CLOSED": "已关闭",
    "FAILED": "支付失败",
    "SUSPECT": "待人工核实",
}
QUERY_METHODS = {
    "address": registry_pb2.FIND_BY_ADDRESS,
    "contract": registry_pb2.FIND_BY_CONTRACT,
    "certificate": registry_pb2.FIND_BY_CERTIFICATE,
}


def _suffix(enum_type: Any, value: int, prefix: str) -> str:
    return enum_type.Name(value).removeprefix(prefix) if value else ""


def notice_codes(notices: Any) -> list[str]:
    return [_suffix(deposit_pb2.Notice, n, "NOTICE_") for n in notices]


def bill_dict(bill: deposit_pb2.Bill) -> dict[str, Any]:
    payment_type = _suffix(deposit_pb2.PaymentType, bill.payment_type, "PAYMENT_TYPE_")
    rule = _suffix(deposit_pb2.AmountRule, bill.amount_rule, "AMOUNT_RULE_")
    return {
        "bill_id": bill.bill_id,
        "business_no": bill.business_no,
        "house_id": bill.house_id,
        "address": bill.address,
        "area_m2": float(bill.area_m2) if bill.area_m2 else None,
        "payment_type": payment_type,
        "payment_type_name": PAYMENT_TYPE_NAMES.get(payment_type, ""),
        "amount_rule": rule,
        "amount_fen": bill.amount_fen if rule == "FIXED" else None,
        "min_fen": bill.min_fen if rule == "ENTERED" else None,
        "max_fen": bill.max_fen if rule == "ENTERED" else None,
        "status": _suffix(deposit_pb2.BillStatus, bill.status, "BILL_STATUS_"),
        "fund_type": bill.fund_type,
        "standard_fen_per_m2": bill.standard_fen_per_m2 or None,
        "created_at": bill.created_at,
        "notices": notice_codes(bill.notices),
        "can_pay": bill.payable,
    }


def order_dict(order: deposit_pb2.Order) -> dict[str, Any]:
    status = _suffix(deposit_pb2.OrderStatus, order.status, "ORDER_STATUS_")
    channel = _suffix(deposit_pb2.Channel, order.channel, "CHANNEL_")
    return {
        "order_id": order.order_id,
        "out_trade_no": order.out_trade_no,
        "bill_id": order.bill_id,
        "house_id": order.house_id,
        "business_no": order.business_no,
        "channel": channel,
        "channel_name": CHANNEL_NAMES.get(channel, ""),
        "amount_fen": order.amount_fen,
        "status": status,
        "status_name": ORDER_STATUS_NAMES.get(status, ""),
        "qr_content": order.qr_content or None,
        "expires_at": order.expires_at,
        "deposit_id": order.deposit_id or None,
        "paid_at": order.paid_at or None,
    }


def qr_data_uri(content: str) -> str:
    """The QR code as an inline SVG data: URI (rendered server-side; the CSP allows img data:)."""
    image = qrcode.make(content, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


# --- F5 我要交款 ---------------------------------------------------------------------------------------


def pending_bills(clients: Clients, account_id: str) -> dict[str, Any]:
    bills = clients.deposit.ListBills(
        deposit_pb2.ListBillsRequest(account_id=account_id, status=deposit_pb2.BILL_STATUS_PENDING)
    ).bills
    return {"items": [bill_dict(b) for b in bills], "next_cursor": None}


def _grant(raw: object) -> str:
    """A 我要查询 grant as the client sent it back (the deposit service checks it)."""
    return raw[:200] if isinstance(raw, str) else ""


def bill_detail(clients: Clients, account_id: str, bill_id: str, grant: str = "") -> dict[str, Any]:
    bill = clients.deposit.GetBill(
        deposit_pb2.GetBillRequest(bill_id=bill_id[:64], account_id=account_id, grant=_grant(grant))
    ).bill
    data = bill_dict(bill)
    data["grant"] = _grant(grant) or None
    return data


MAX_AMOUNT_FEN = 2**63 - 1  # the RPCs' int64; the deposit service applies the bill's own limits


def parse_amount(body: dict[str, Any]) -> int:
    """``amount_fen`` (integer) from the API, or ``amount_yuan`` (text) from the form; 0 when absent."""
    raw = body.get("amount_fen")
    if raw not in (None, ""):
        if not isinstance(raw, int) or isinstance(raw, bool) or not 0 < raw <= MAX_AMOUNT_FEN:
            raise errors.ValidationFailed("amount_fen 应为正整数（分）", field="amount_fen")
        return raw
    yuan = str(body.get("amount_yuan") or "").strip()
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


def create_order(
    clients: Clients,
    account_id: str,
    bill_id: str,
    body: dict[str, Any],
    *,
    raw_body: bytes,
    idempotency_key: str,
) -> tuple[dict[str, Any], bool]:
    channel = str(body.get("channel", ""))
    if channel not in ("WECHAT", "ALIPAY"):
        raise errors.ValidationFailed("请选择支付方式（WECHAT 或 ALIPAY）", field="channel")
    amount = parse_amount(body)
    response = clients.deposit.CreateOrder(
        deposit_pb2.CreateOrderRequest(
            bill_id=bill_id[:64],
            payer_account_id=account_id,
            channel=deposit_pb2.Channel.Value(f"CHANNEL_{channel}"),
            amount_fen=amount,
            grant=_grant(body.get("grant")),
            idempotency_key=idempotency_key,
            idempotency_scope=f"{account_id}:POST /api/v1/bills/{bill_id[:64]}/orders",
            request_hash=hashlib.sha256(raw_body).hexdigest(),
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
    from gateway.operations import PROPERTY_KIND_NAMES

    return {
        "house": {
            "house_id": house.house_id,
            "address": house.address,
            "district": house.district_code,
            "district_name": house.district_name,
            "area_m2": float(house.area_m2),
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
    items = []
    for r in page.records:
        items.append(
            {
                "deposit_id": r.deposit_id,
                "house_id": r.house_id,
                "address": r.address,
                "business_no": r.business_no,
                "amount_fen": r.amount_fen,
                "paid_at": r.paid_at,
                "channel": r.channel,
                "channel_name": CHANNEL_NAMES.get(r.channel, r.channel),
                "receipt": {
                    "kind": _suffix(deposit_pb2.ReceiptKind, r.receipt.kind, "RECEIPT_KIND_") or "NONE",
                    "invoice_id": r.receipt.invoice_id or None,
                    "status": r.receipt.status or None,
                },
            }
        )
    return {"items": items, "next_cursor": page.next_page_token or None}


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
