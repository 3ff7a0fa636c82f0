"""Browser pages of F8 站外快速交存: entry, input, detail (立即交存), pay, result (seed chapter 4)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from gateway.auth import client_ip
from gateway.http import clients, pay_form, pdf_response
from gateway.ops import quickpay
from gateway.web import fields
from gateway.web.qr import qr_data_uri
from maintfund_common import errors

bp = Blueprint("web_quickpay", __name__, template_folder="../templates", url_prefix="/quickpay")
TOKEN_CODES = ("QUICKPAY_TOKEN_INVALID",)


def token_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """An invalid or expired token sends the owner back to the input page (never to a login)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except (errors.NotFound, errors.Unauthenticated) as exc:
            if exc.code not in TOKEN_CODES:
                raise
            return render_template("quickpay_lookup.html", form={}, error=exc.message, challenge=None), 404

    return wrapped


@bp.get("")
def entry() -> Any:
    return render_template("quickpay_entry.html")


@bp.route("/lookup", methods=["GET", "POST"])
def lookup() -> Any:
    form = {k: request.form.get(k, "") for k in ("business_no", "owner_name")}
    if request.method == "GET":
        return render_template("quickpay_lookup.html", form=form, error="", challenge=None)
    body = {
        **form,
        "challenge_id": request.form.get("challenge_id", ""),
        "challenge_answer": request.form.get("challenge_answer", ""),
    }
    try:
        result = quickpay.lookup(clients(), body, client_ip())
    except (errors.NotFound, errors.ValidationFailed, errors.RateLimited, errors.PermissionDenied) as exc:
        challenge = None
        if exc.code == "CHALLENGE_REQUIRED":
            challenge = {"id": exc.details["challenge_id"], "question": exc.details["challenge_question"]}
        status = {"NotFound": 404, "ValidationFailed": 400, "RateLimited": 429}.get(type(exc).__name__, 428)
        page = render_template("quickpay_lookup.html", form=form, error=exc.message, challenge=challenge)
        response = Response(page, status=status)
        if "retry_after" in exc.details:
            response.headers["Retry-After"] = exc.details["retry_after"]
        return response
    return redirect(url_for("web_quickpay.detail", token=result["token"]))


@bp.get("/t/<token>")
@token_page
def detail(token: str) -> Any:
    data = quickpay.state(clients(), token)
    template = "quickpay_detail.html" if data["next_action"] == "PAY" else "quickpay_result.html"
    return render_template(template, s=data, token=token, error="", idempotency_key=str(uuid.uuid4()))


@bp.post("/t/<token>/pay")
@token_page
def pay(token: str) -> Any:
    form, replay = pay_form()
    try:
        quickpay.create_order(clients(), token, form, **replay)
    except (errors.ValidationFailed, errors.Conflict) as exc:
        data = quickpay.state(clients(), token)
        inputs = ("amount_yuan",) if data["bill"]["amount_rule"] == "ENTERED" else ()
        field_errors, error = fields.split(exc, inputs)
        page = render_template(
            "quickpay_detail.html",
            s=data,
            token=token,
            error=error,
            field_errors=field_errors,
            amount_yuan=form["amount_yuan"],
            idempotency_key=str(uuid.uuid4()),
        )
        return page, 400
    return redirect(url_for("web_quickpay.pay_page", token=token))


@bp.get("/t/<token>/pay")
@token_page
def pay_page(token: str) -> Any:
    data = quickpay.state(clients(), token)
    order = data["order"]
    if data["next_action"] != "PAY" or order is None or order["status"] != "PENDING":
        return redirect(url_for("web_quickpay.detail", token=token))
    qr = qr_data_uri(order["qr_content"]) if order["qr_content"] else ""
    return render_template("quickpay_pay.html", s=data, order=order, qr=qr, token=token)


@bp.post("/t/<token>/invoice")
@token_page
def invoice(token: str) -> Any:
    quickpay.request_invoice(clients(), token)
    return redirect(url_for("web_quickpay.detail", token=token))


@bp.get("/t/<token>/invoice.pdf")
@token_page
def invoice_pdf(token: str) -> Response:
    return pdf_response(*quickpay.invoice_pdf(clients(), token))
