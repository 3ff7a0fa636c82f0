"""/api/v1/quickpay: 站外快速交存 without login (DESIGN §4.3, F8).

CSRF-exempt (app.py): these routes use no session or cookie — the authority is the signed token in
the URL (or the business number + name in the body), which a cross-site page cannot know, so a forged
request has nothing ambient to ride on. The Origin check still refuses cross-site browser POSTs.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from gateway.auth import client_ip
from gateway.http import clients, idempotency_key, json_body, order_created, pdf_response
from gateway.ops import quickpay

bp = Blueprint("api_quickpay", __name__, url_prefix="/api/v1/quickpay")


@bp.post("/lookups")
def lookup() -> Any:
    return jsonify(quickpay.lookup(clients(), json_body(), client_ip()))


@bp.get("/<token>")
def state(token: str) -> Any:
    return jsonify(quickpay.state(clients(), token))


@bp.post("/<token>/orders")
def create_order(token: str) -> Any:
    key = idempotency_key()
    order, replayed = quickpay.create_order(
        clients(), token, json_body(), raw_body=request.get_data(), idempotency_key=key
    )
    return order_created(order, replayed)


@bp.post("/<token>/invoice")
def request_invoice(token: str) -> Any:
    response = jsonify(quickpay.request_invoice(clients(), token))
    response.status_code = 202
    return response


@bp.get("/<token>/invoice/pdf")
def invoice_pdf(token: str) -> Response:
    return pdf_response(*quickpay.invoice_pdf(clients(), token))
