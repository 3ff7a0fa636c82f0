"""/api/v1 routes of F5 我要交款, F6 我要查询, F7 我的交存记录 and the payment providers' notify URLs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from gateway import ops_payments
from gateway.auth import current_account_id
from gateway.clients import Clients
from gateway.operations import parse_limit
from maintfund_common import errors

bp = Blueprint("api_payments", __name__, url_prefix="/api/v1")
notify_bp = Blueprint("payment_notify", __name__, url_prefix="/api/v1/payments/notify")

IDEMPOTENCY_KEY_MAX = 255


def clients() -> Clients:
    return current_app.extensions["maintfund_clients"]


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.ValidationFailed("请求体须为 JSON 对象")
    return body


@bp.get("/bills")
def bills() -> Any:
    status = request.args.get("status", "pending")
    if status != "pending":
        raise errors.ValidationFailed("status 仅支持 pending", field="status")
    return jsonify(ops_payments.pending_bills(clients(), current_account_id()))


@bp.get("/bills/<bill_id>")
def bill(bill_id: str) -> Any:
    return jsonify(
        ops_payments.bill_detail(clients(), current_account_id(), bill_id, request.args.get("grant", ""))
    )


@bp.post("/bills/<bill_id>/orders")
def create_order(bill_id: str) -> Any:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise errors.ValidationFailed("Idempotency-Key 过长", field="Idempotency-Key")
    order, replayed = ops_payments.create_order(
        clients(),
        current_account_id(),
        bill_id,
        _json(),
        raw_body=request.get_data(),
        idempotency_key=key,
    )
    response = jsonify(order)
    response.status_code = 201
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.get("/orders/<order_id>")
def order(order_id: str) -> Any:
    return jsonify(ops_payments.get_order(clients(), current_account_id(), order_id))


@bp.post("/orders/<order_id>/confirm")
def confirm(order_id: str) -> Any:
    return jsonify(ops_payments.confirm_order(clients(), current_account_id(), order_id))


@bp.post("/house-queries")
def house_query() -> Any:
    return jsonify(ops_payments.house_query(clients(), current_account_id(), _json()))


@bp.get("/deposit-records")
def deposit_records() -> Any:
    return jsonify(
        ops_payments.deposit_records(
            clients(),
            current_account_id(),
            parse_limit(request.args.get("limit")),
            request.args.get("cursor", ""),
        )
    )


# --- provider notifications: no session, no CSRF (exempted in app.py); the deposit service verifies ---


def _notify(channel: str) -> Response:
    headers = {k: v for k, v in request.headers.items() if len(v) <= 4096}
    status, body, content_type = ops_payments.payment_notification(
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
