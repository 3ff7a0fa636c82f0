"""/api/v1/registrations* (个人造册) and /api/v1/admin/registrations* (review by the district 管理部)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app, jsonify, request

from gateway import operations
from gateway import ops_registrations as ops
from gateway.auth import current_account_id
from gateway.clients import Clients
from maintfund_common import errors

bp = Blueprint("api_registrations", __name__, url_prefix="/api/v1")


def clients() -> Clients:
    return current_app.extensions["maintfund_clients"]


@bp.get("/registrations/lookup")
def lookup() -> Any:
    current_account_id()
    args = request.args
    return jsonify(
        ops.lookup(
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
        uploads = ops.read_uploads(request.files.getlist("files"))
    else:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise errors.ValidationFailed("请求体须为 JSON 对象或 multipart 表单")
        fields, uploads = body, []
    registration = ops.submit(clients(), account_id, fields, uploads)
    return jsonify(registration), 201


@bp.get("/registrations")
def history() -> Any:
    return jsonify(
        ops.history(
            clients(),
            current_account_id(),
            operations.parse_limit(request.args.get("limit")),
            request.args.get("cursor", ""),
        )
    )


@bp.get("/admin/registrations")
def admin_queue() -> Any:
    actor = ops.reviewer()
    if request.args.get("status", "PENDING_REVIEW") != "PENDING_REVIEW":
        raise errors.ValidationFailed("目前仅支持 status=PENDING_REVIEW", field="status")
    return jsonify(
        ops.pending_queue(
            clients(),
            actor,
            operations.parse_limit(request.args.get("limit")),
            request.args.get("cursor", ""),
        )
    )


@bp.get("/admin/registrations/<registration_id>")
def admin_detail(registration_id: str) -> Any:
    return jsonify(ops.review_detail(clients(), ops.reviewer(), registration_id))


def sandboxed(view: Any) -> Any:
    """Per-view CSP for downloads of uploaded files (flask-talisman reads this attribute)."""
    view.talisman_view_options = {"content_security_policy": SANDBOX_CSP}
    return view


SANDBOX_CSP = "sandbox; default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


@bp.get("/admin/registrations/<registration_id>/files/<file_id>")
@sandboxed
def admin_file(registration_id: str, file_id: str) -> Any:
    filename, content_type, content = ops.review_file(clients(), ops.reviewer(), registration_id, file_id)
    return attachment(filename, content_type, content)


@bp.post("/admin/registrations/<registration_id>/decision")
def admin_decide(registration_id: str) -> Any:
    actor = ops.reviewer()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.ValidationFailed("请求体须为 JSON 对象")
    return jsonify(ops.decide(clients(), actor, registration_id, body))


def attachment(filename: str, content_type: str, content: bytes) -> Response:
    """An uploaded file, never rendered inline: attachment, nosniff and a sandboxing CSP."""
    response = Response(content, mimetype=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "file"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_CSP
    return response
