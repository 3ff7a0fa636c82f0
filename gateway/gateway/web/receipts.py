"""Receipt pages: a deposit's e-receipt (我要开票 / 开票中 / 查询/下载 / 重新开票) and public verification."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from gateway.auth import current_account_id, login_required
from gateway.extensions import limiter
from gateway.http import clients, pdf_response
from gateway.ops import receipts
from gateway.ops.labels import RECEIPT_BACK_LABELS
from gateway.redirects import same_site_path
from maintfund_common import errors

bp = Blueprint("receipts", __name__, template_folder="../templates")


def _back() -> tuple[str, str]:
    """Where the receipt page's back link goes: the page the owner came from (``?back=``, a path on
    this site), else 我的交存记录, which every payer can open (the house's fund details may not be theirs:
    a house paid through 我要查询 or quick pay)."""
    records = url_for("web_payments.deposit_records")
    target = same_site_path(request.values.get("back"), records)
    label = next((name for prefix, name in RECEIPT_BACK_LABELS if target.startswith(prefix)), "我的交存记录")
    return target, label


def _receipt_page(state: dict[str, Any], notice: str = "", status: int = 200) -> Any:
    back, back_label = _back()
    page = render_template("receipt.html", state=state, notice=notice, back=back, back_label=back_label)
    return Response(page, status=status)


def _to_receipt(deposit_id: str) -> Any:
    back = same_site_path(request.values.get("back"), "")
    target = url_for("receipts.deposit_receipt", deposit_id=deposit_id, back=back or None)
    return redirect(target, code=303)


@bp.get("/deposits/<deposit_id>/receipt")
@login_required
def deposit_receipt(deposit_id: str) -> Any:
    return _receipt_page(receipts.deposit_receipt(clients(), current_account_id(), deposit_id))


@bp.post("/deposits/<deposit_id>/receipt")
@login_required
def request_receipt(deposit_id: str) -> Any:
    try:
        receipts.request_invoice(clients(), current_account_id(), deposit_id)
    except errors.Conflict as exc:
        if exc.code != "PAPER_RECEIPT_ISSUED":
            raise
        state = receipts.deposit_receipt(clients(), current_account_id(), deposit_id)
        return _receipt_page(state, exc.message, 409)
    return _to_receipt(deposit_id)


@bp.post("/receipts/<invoice_id>/retry")
@login_required
def retry_receipt(invoice_id: str) -> Any:
    invoice = receipts.retry_invoice(clients(), current_account_id(), invoice_id)
    return _to_receipt(invoice["deposit_id"])


@bp.get("/receipts/<invoice_id>/pdf")
@login_required
def receipt_pdf(invoice_id: str) -> Any:
    return pdf_response(*receipts.invoice_pdf(clients(), current_account_id(), invoice_id))


@bp.get("/receipts/verify")
@limiter.limit("30/minute")  # public: slows down guessing check codes
def verify() -> Any:
    form = {k: request.args.get(k, "").strip() for k in ("bill_code", "bill_no", "check_code")}
    result, error = None, ""
    if all(form.values()):
        try:
            result = receipts.verify_receipt(clients(), **form)
        except errors.ValidationFailed as exc:
            error = exc.message
    return render_template("verify.html", form=form, result=result, error=error)
