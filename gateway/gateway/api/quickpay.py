"""/api/v1/quickpay: 站外快速交存 without login (DESIGN §4.3, F8).

CSRF-exempt (app.py): these routes use no session or cookie — the authority is the signed token in
the URL (or the business number + name in the body), which a cross-site page cannot know, so a forged
request has nothing ambient to ride on. The Origin check still refuses cross-site browser POSTs.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from gateway import ops_quickpay
from gateway.clients import Clients
from maintfund_common import errors

bp = Blueprint("api_quickpay", __name__, url_prefix="/api/v1/quickpay")


def clients() -> Clients:
    return current_app.extensions["maintfund_clients"]


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.ValidationFailed("请求体须为 JSON 对象")
    return body


@bp.post("/lookups")
def lookup() -> Any:
    return jsonify(ops_quickpay.lookup(clients(), _json(), request.remote_addr or ""))


@bp.get("/<token>")
def state(token: str) -> Any:
    return jsonify(ops_quickpay.state(clients(), token))


@bp.post("/<token>/orders")
def create_order(token: str) -> Any:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 255:
        raise errors.ValidationFailed("Idempotency-Key 过长", field="Idempotency-Key")
    order, replayed = ops_quickpay.create_order(
        clients(), token, _json(), raw_body=request.get_data(), idempotency_key=key
    )
    response = jsonify(order)
    response.status_code = 201
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.post("/<token>/invoice")
def request_invoice(token: str) -> Any:
    response = jsonify(ops_quickpay.request_invoice(clients(), token))
    response.status_code = 202
    return response


@bp.get("/<token>/invoice/pdf")
def invoice_pdf(token: str) -> Response:
    pdf, filename = ops_quickpay.invoice_pdf(clients(), token)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
