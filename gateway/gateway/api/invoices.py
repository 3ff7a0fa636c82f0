"""/api/v1/invoices (DESIGN §4.3): 我要开票, status, PDF download, 重新开票."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from gateway.auth import current_account_id
from gateway.http import clients, pdf_response
from gateway.ops import receipts
from maintfund_common import errors

bp = Blueprint("api_invoices", __name__, url_prefix="/api/v1")


@bp.post("/invoices")
def create_invoice() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("deposit_id"), str):
        raise errors.ValidationFailed("请提供 deposit_id", field="deposit_id")
    invoice = receipts.request_invoice(clients(), current_account_id(), body["deposit_id"])
    return jsonify(invoice_id=invoice["invoice_id"], status=invoice["status"]), 202


@bp.get("/invoices/<invoice_id>")
def get_invoice(invoice_id: str) -> Any:
    invoice = receipts.get_invoice(clients(), current_account_id(), invoice_id)
    invoice.pop("status_name")
    return jsonify(invoice)


@bp.get("/invoices/<invoice_id>/pdf")
def invoice_pdf(invoice_id: str) -> Any:
    return pdf_response(*receipts.invoice_pdf(clients(), current_account_id(), invoice_id))


@bp.post("/invoices/<invoice_id>/retry")
def retry_invoice(invoice_id: str) -> Any:
    invoice = receipts.retry_invoice(clients(), current_account_id(), invoice_id)
    return jsonify(invoice_id=invoice["invoice_id"], status=invoice["status"]), 202
