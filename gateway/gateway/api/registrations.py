"""/api/v1/registrations* (个人造册) and /api/v1/admin/registrations* (review by the district 管理部)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from gateway.auth import current_account_id
from gateway.http import attachment, clients, json_body, limit_arg, reviewer, sandboxed
from gateway.ops import registrations, review
from maintfund_common import errors

bp = Blueprint("api_registrations", __name__, url_prefix="/api/v1")


@bp.get("/registrations/lookup")
def lookup() -> Any:
    current_account_id()
    args = request.args
    return jsonify(
        registrations.lookup(
            clients(),
            args.get("method", ""),
            args.get("contract_no", ""),
            args.get("house_type", ""),
            args.get("cert_no", ""),
        )
    )


@bp.post("/registrations")
def submit() -> Any:
    account_id = current_account_id()
    if request.mimetype == "multipart/form-data":
        fields: dict[str, Any] = request.form.to_dict()
        uploads = registrations.read_uploads(request.files.getlist("files"))
    else:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise errors.ValidationFailed("请求体须为 JSON 对象或 multipart 表单")
        fields, uploads = body, []
    registration = registrations.submit(clients(), account_id, fields, uploads)
    return jsonify(registration), 201


@bp.get("/registrations")
def history() -> Any:
    return jsonify(
        registrations.history(clients(), current_account_id(), limit_arg(), request.args.get("cursor", ""))
    )


@bp.get("/admin/registrations")
def admin_queue() -> Any:
    actor = reviewer()
    if request.args.get("status", "PENDING_REVIEW") != "PENDING_REVIEW":
        raise errors.ValidationFailed("目前仅支持 status=PENDING_REVIEW", field="status")
    return jsonify(review.pending_queue(clients(), actor, limit_arg(), request.args.get("cursor", "")))


@bp.get("/admin/registrations/<registration_id>")
def admin_detail(registration_id: str) -> Any:
    return jsonify(review.review_detail(clients(), reviewer(), registration_id))


@bp.post("/admin/registrations/<registration_id>/applicant")
def admin_reveal_applicant(registration_id: str) -> Any:
    """The reviewer's explicit 显示: the applicant's name and phone in clear, audited by the registry."""
    return jsonify(review.review_detail(clients(), reviewer(), registration_id, reveal_applicant=True))


@bp.get("/admin/registrations/<registration_id>/files/<file_id>")
@sandboxed
def admin_file(registration_id: str, file_id: str) -> Any:
    return attachment(*review.review_file(clients(), reviewer(), registration_id, file_id))


@bp.post("/admin/registrations/<registration_id>/decision")
def admin_decide(registration_id: str) -> Any:
    actor = reviewer()
    return jsonify(review.decide(clients(), actor, registration_id, json_body()))
