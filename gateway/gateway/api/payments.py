"""/api/v1 routes of F5 我要交款, F6 我要查询, F7 我的交存记录 and the payment providers' notify URLs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from gateway.auth import current_account_id
from gateway.http import clients, idempotency_key, json_body, limit_arg, order_created
from gateway.ops import payments
from maintfund_common import errors

bp = Blueprint("api_payments", __name__, url_prefix="/api/v1")
notify_bp = Blueprint("payment_notify", __name__, url_prefix="/api/v1/payments/notify")


@bp.get("/bills")
def bills() -> Any:
    status = request.args.get("status", "pending")
    if status != "pending":
        raise errors.ValidationFailed("status 仅支持 pending", field="status")
    return jsonify(payments.pending_bills(clients(), current_account_id()))


@bp.get("/bills/<bill_id>")
def bill(bill_id: str) -> Any:
    return jsonify(
        payments.bill_detail(clients(), current_account_id(), bill_id, request.args.get("grant", ""))
    )


@bp.post("/bills/<bill_id>/orders")
def create_order(bill_id: str) -> Any:
    key = idempotency_key()
    order, replayed = payments.create_order(
        clients(),
        current_account_id(),
        bill_id,
        json_body(),
        raw_body=request.get_data(),
        idempotency_key=key,
    )
    return order_created(order, replayed)


@bp.get("/orders/<order_id>")
def order(order_id: str) -> Any:
    return jsonify(payments.get_order(clients(), current_account_id(), order_id))


@bp.post("/orders/<order_id>/confirm")
def confirm(order_id: str) -> Any:
    return jsonify(payments.confirm_order(clients(), current_account_id(), order_id))


@bp.post("/house-queries")
def house_query() -> Any:
    return jsonify(payments.house_query(clients(), current_account_id(), json_body()))


@bp.get("/deposit-records")
def deposit_records() -> Any:
    return jsonify(
        payments.deposit_records(clients(), current_account_id(), limit_arg(), request.args.get("cursor", ""))
    )


# --- provider notifications: no session, no CSRF (exempted in app.py); the deposit service verifies ---


def _notify(channel: str) -> Response:
    headers = {k: v for k, v in request.headers.items() if len(v) <= 4096}
    status, body, content_type = payments.payment_notification(
        clients(), channel, headers, request.get_data(cache=False)
    )
    response = Response(body, status=status, content_type=content_type)
    response.headers["Cache-Control"] = "no-store"
    return response


@notify_bp.post("/wechat")
def notify_wechat() -> Response:
    return _notify("WECHAT")


@notify_bp.post("/alipay")
def notify_alipay() -> Response:
    return _notify("ALIPAY")
