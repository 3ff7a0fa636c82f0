"""UI of 个人造册 (添加房屋, result pages, 历史记录) and of the 管理部's review queue."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from gateway.auth import current_account_id, is_reviewer, login_required
from gateway.http import attachment, clients, reviewer, sandboxed
from gateway.ops import accounts, registrations, review
from gateway.ops.labels import HOUSE_TYPES, REGISTRATION_METHOD_NAMES
from gateway.web import fields
from maintfund_common import errors

bp = Blueprint("web_registrations", __name__, template_folder="../templates")

FORM_FIELDS = ("method", "contract_no", "house_type", "cert_no", "district", "phone", "address")


@bp.app_context_processor
def _reviewer_flag() -> dict[str, Any]:
    return {"is_reviewer": is_reviewer()}


def _upload_limits() -> dict[str, int]:
    config = current_app.extensions["maintfund_config"]
    return {"files": config.upload_max_files, "bytes": config.upload_max_file_bytes}


def _render_add(form: dict[str, str], house: dict[str, Any] | None, error: str, status: int = 200) -> Any:
    return (
        render_template(
            "add_house.html",
            form=form,
            house=house,
            error=error,
            methods=REGISTRATION_METHOD_NAMES,
            house_types=HOUSE_TYPES,
            upload_limits=_upload_limits(),
        ),
        status,
    )


@bp.get("/houses/add")
@login_required
def add_house() -> Any:
    form = {k: request.args.get(k, "").strip() for k in FORM_FIELDS}
    form["method"] = form["method"] if form["method"] in registrations.METHODS else "contract"
    # prefilled with the account's own phone, masked: kept as it is, the registry uses the account's
    form["phone"] = form["phone"] or accounts.me(clients(), current_account_id())["phone_masked"]
    house, error = None, ""
    if request.args.get("action") == "lookup" and form["method"] != "proof":
        try:
            house = registrations.lookup(
                clients(), form["method"], form["contract_no"], form["house_type"], form["cert_no"]
            )
            form["district"] = form["district"] or house["district"]
        except errors.DomainError as exc:
            error = exc.message
    return _render_add(form, house, error)


@bp.post("/houses/add")
@login_required
def submit_house() -> Any:
    form = {k: request.form.get(k, "").strip() for k in FORM_FIELDS}
    try:
        uploads = (
            registrations.read_uploads(request.files.getlist("files")) if form["method"] == "proof" else []
        )
        registration = registrations.submit(clients(), current_account_id(), form, uploads)
    except errors.DomainError as exc:
        house = None
        if form["method"] in ("contract", "certificate"):
            try:
                house = registrations.lookup(
                    clients(), form["method"], form["contract_no"], form["house_type"], form["cert_no"]
                )
            except errors.DomainError:
                house = None
        return _render_add(form, house, exc.message, 400)
    return render_template("registration_result.html", registration=registration)


@bp.get("/registrations")
@login_required
def history() -> Any:
    page = registrations.history(clients(), current_account_id(), 20, request.args.get("cursor", ""))
    return render_template("registrations.html", page=page)


@bp.get("/admin")
@login_required
def console() -> Any:
    """The reviewer's own home (工作台): what waits for review in their district."""
    actor = reviewer()
    page = review.pending_queue(clients(), actor, 20, "")
    return render_template("admin_console.html", page=page)


@bp.get("/admin/registrations")
@login_required
def admin_queue() -> Any:
    actor = reviewer()
    page = review.pending_queue(clients(), actor, 20, request.args.get("cursor", ""))
    return render_template("admin_registrations.html", page=page, done=request.args.get("done", ""))


def _render_detail(
    detail: dict[str, Any],
    error: str = "",
    confirm: bool = False,
    status: int = 200,
    field_errors: dict[str, str] | None = None,
) -> Any:
    page = render_template(
        "admin_registration.html", r=detail, error=error, confirm=confirm, field_errors=field_errors or {}
    )
    return page, status


@bp.get("/admin/registrations/<registration_id>")
@login_required
def admin_detail(registration_id: str) -> Any:
    return _render_detail(review.review_detail(clients(), reviewer(), registration_id))


@bp.post("/admin/registrations/<registration_id>/applicant")
@login_required
def admin_reveal_applicant(registration_id: str) -> Any:
    """显示申请人信息: an explicit click; the registry answers the applicant in clear and audits it."""
    return _render_detail(review.review_detail(clients(), reviewer(), registration_id, reveal_applicant=True))


@bp.post("/admin/registrations/<registration_id>/decision")
@login_required
def admin_decide(registration_id: str) -> Any:
    actor = reviewer()
    body = {"approve": request.form.get("approve", ""), "reason": request.form.get("reason", "")}
    if body["approve"] == "true" and request.form.get("confirmed") != "yes":
        # 审核通过 binds the house to the applicant: the page asks once more before it is sent
        return _render_detail(review.review_detail(clients(), actor, registration_id), confirm=True)
    try:
        decided = review.decide(clients(), actor, registration_id, body)
    except errors.ValidationFailed as exc:
        field_errors, error = fields.split(exc, ("reason",))  # 驳回时请填写原因: at the reason's box
        detail = review.review_detail(clients(), actor, registration_id)
        return _render_detail(detail, error, status=400, field_errors=field_errors)
    return redirect(url_for("web_registrations.admin_queue", done=decided["status_name"]))


@bp.get("/admin/registrations/<registration_id>/files/<file_id>")
@login_required
@sandboxed
def admin_file(registration_id: str, file_id: str) -> Any:
    return attachment(*review.review_file(clients(), reviewer(), registration_id, file_id))
