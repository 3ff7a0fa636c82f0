"""Browser pages of F5 我要交款 (list, bill, pay, result), F6 我要查询 and F7 我的交存记录."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for

from gateway.auth import current_account_id, login_required
from gateway.http import clients, pay_form
from gateway.ops import payments
from gateway.ops.labels import NOTICE_TEXTS
from gateway.web import fields
from gateway.web.qr import qr_data_uri
from maintfund_common import errors

bp = Blueprint("web_payments", __name__, template_folder="../templates")
QUERY_FIELDS = ("by", "address", "contract_no", "house_type", "cert_no")


def _texts(notices: list[str]) -> list[str]:
    return [NOTICE_TEXTS[n] for n in notices]


@bp.get("/bills")
@login_required
def bills() -> Any:
    page = payments.pending_bills(clients(), current_account_id())
    return render_template("bills.html", bills=page["items"])


def _render_bill(
    bill_id: str, refused: errors.DomainError | None = None, amount_yuan: str = "", status: int = 200
) -> Any:
    grant = request.values.get("grant", "")  # 我要查询's grant, for someone else's house
    bill = payments.bill_detail(clients(), current_account_id(), bill_id, grant)
    show_modal = bool(bill["notices"]) and request.values.get("ack") != "1"
    inputs = ("amount_yuan",) if bill["amount_rule"] == "ENTERED" else ()  # the fields the page has
    field_errors, error = fields.split(refused, inputs) if refused else ({}, "")
    return (
        render_template(
            "bill.html",
            bill=bill,
            notice_texts=_texts(bill["notices"]),
            show_modal=show_modal,
            error=error,
            field_errors=field_errors,
            amount_yuan=amount_yuan,
            idempotency_key=str(uuid.uuid4()),
        ),
        status,
    )


@bp.get("/bills/<bill_id>")
@login_required
def bill(bill_id: str) -> Any:
    return _render_bill(bill_id)


@bp.post("/bills/<bill_id>/pay")
@login_required
def pay(bill_id: str) -> Any:
    form, replay = pay_form("grant")
    try:
        order, _ = payments.create_order(clients(), current_account_id(), bill_id, form, **replay)
    except (errors.ValidationFailed, errors.Conflict) as exc:
        return _render_bill(bill_id, exc, amount_yuan=form["amount_yuan"], status=400)
    return redirect(url_for("web_payments.order", order_id=order["order_id"]))


@bp.get("/orders/<order_id>")
@login_required
def order(order_id: str) -> Any:
    data = payments.get_order(clients(), current_account_id(), order_id)
    if data["status"] != "PENDING":
        return redirect(url_for("web_payments.result", order_id=order_id))
    qr = qr_data_uri(data["qr_content"]) if data["qr_content"] else ""
    return render_template("pay.html", order=data, qr=qr)


@bp.post("/orders/<order_id>/confirm")
@login_required
def confirm(order_id: str) -> Any:
    payments.confirm_order(clients(), current_account_id(), order_id)
    return redirect(url_for("web_payments.result", order_id=order_id))


@bp.get("/orders/<order_id>/result")
@login_required
def result(order_id: str) -> Any:
    data = payments.get_order(clients(), current_account_id(), order_id)
    return render_template("pay_result.html", order=data)


@bp.route("/house-queries", methods=["GET", "POST"])
@login_required
def house_queries() -> Any:
    form = {k: request.form.get(k, "") for k in QUERY_FIELDS}
    form["by"] = form["by"] or request.args.get("by", "address")
    result, error, not_found, field_errors = None, "", False, {}
    if request.method == "POST":
        try:
            result = payments.house_query(clients(), current_account_id(), form)
        except errors.NotFound as exc:
            error, not_found = exc.message, True
        except errors.ValidationFailed as exc:
            field_errors, error = fields.split(exc, QUERY_FIELDS[1:])
    show_modal = bool(result and result["notices"]) and request.form.get("ack") != "1"
    return render_template(
        "house_query.html",
        form=form,
        result=result,
        error=error,
        field_errors=field_errors,
        not_found=not_found,
        show_modal=show_modal,
    )


@bp.get("/deposit-records")
@login_required
def deposit_records() -> Any:
    page = payments.deposit_records(clients(), current_account_id(), 20, request.args.get("cursor", ""))
    return render_template("deposit_records.html", page=page)
