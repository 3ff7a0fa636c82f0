"""/api/v1/invoices (DESIGN §4.3): 我要开票, status, PDF download, 重新开票."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from gateway import ops_invoices
from gateway.auth import current_account_id
from gateway.clients import Clients
from maintfund_common import errors

bp = Blueprint("api_invoices", __name__, url_prefix="/api/v1")


def clients() -> Clients:
    return current_app.extensions["maintfund_clients"]


def pdf_response(pdf: bytes, filename: str) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "sandbox; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
    return response


@bp.post("/invoices")
def create_invoice() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("deposit_id"), str):
        raise errors.ValidationFailed("请提供 deposit_id", field="deposit_id")
    invoice = ops_invoices.request_invoice(clients(), current_account_id(), body["deposit_id"])
    return jsonify(invoice_id=invoice["invoice_id"], status=invoice["status"]), 202


@bp.get("/invoices/<invoice_id>")
def get_invoice(invoice_id: str) -> Any:
    invoice = ops_invoices.get_invoice(clients(), current_account_id(), invoice_id)
    invoice.pop("status_name")
    return jsonify(invoice)


@bp.get("/invoices/<invoice_id>/pdf")
def invoice_pdf(invoice_id: str) -> Any:
    return pdf_response(*ops_invoices.invoice_pdf(clients(), current_account_id(), invoice_id))


@bp.post("/invoices/<invoice_id>/retry")
def retry_invoice(invoice_id: str) -> Any:
    invoice = ops_invoices.retry_invoice(clients(), current_account_id(), invoice_id)
    return jsonify(invoice_id=invoice["invoice_id"], status=invoice["status"]), 202
