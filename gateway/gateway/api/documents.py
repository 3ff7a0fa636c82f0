"""/api/v1 owners' documents (F10): annual statements, deposit certificates and their public check,
the fund uses of a house's building. Errors are problem+json; the POST needs the CSRF header."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from gateway.auth import current_account_id
from gateway.extensions import certificate_verify_limit
from gateway.http import clients, pdf_response
from gateway.ops import documents

bp = Blueprint("api_documents", __name__, url_prefix="/api/v1")


@bp.get("/houses/<house_id>/statements/<year>")
def statement(house_id: str, year: str) -> Any:
    found = documents.statement(clients(), current_account_id(), house_id, year)
    found.pop("house")
    found.pop("issued_at")
    return jsonify(found)


@bp.get("/houses/<house_id>/statements/<year>/pdf")
def statement_pdf(house_id: str, year: str) -> Any:
    return pdf_response(*documents.statement_pdf(clients(), current_account_id(), house_id, year))


@bp.post("/houses/<house_id>/deposit-certificates")
def issue_certificate(house_id: str) -> Any:
    found = documents.issue_certificate(clients(), current_account_id(), house_id)
    keys = ("certificate_id", "verification_code", "fully_paid", "shortfall_fen", "issued_at")
    return jsonify({k: found[k] for k in keys}), 201


@bp.get("/deposit-certificates/<certificate_id>/pdf")
def certificate_pdf(certificate_id: str) -> Any:
    return pdf_response(*documents.certificate_pdf(clients(), current_account_id(), certificate_id))


@bp.get("/deposit-certificates/verify")
@certificate_verify_limit()
def verify_certificate() -> Any:
    """Anonymous: anyone holding a certificate's code."""
    return jsonify(documents.verify_certificate(clients(), request.args.get("code", "")))


@bp.get("/houses/<house_id>/projects")
def building_projects(house_id: str) -> Any:
    found = documents.building_projects(clients(), current_account_id(), house_id)
    found.pop("house")
    return jsonify(found)
