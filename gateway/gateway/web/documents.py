"""Owners' documents as pages: 年度结存单, 交存证明 (and its public check beside the receipts'),
the repair projects paid from a house's building."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from gateway.auth import current_account_id, login_required
from gateway.extensions import certificate_verify_limit
from gateway.http import clients, pdf_response
from gateway.ops import documents, houses
from maintfund_common import errors
from maintfund_common.beijing_time import BEIJING

bp = Blueprint("documents", __name__, template_folder="../templates")


def _beijing_year() -> int:
    return datetime.now(BEIJING).year


@bp.get("/houses/<house_id>/statements")
@login_required
def statements(house_id: str) -> Any:
    return redirect(url_for("documents.statement", house_id=house_id, year=_beijing_year()), code=303)


@bp.get("/houses/<house_id>/statements/<year>")
@login_required
def statement(house_id: str, year: str) -> Any:
    found = documents.statement(clients(), current_account_id(), house_id, year)
    return render_template("statement.html", statement=found, house=found["house"], this_year=_beijing_year())


@bp.get("/houses/<house_id>/statements/<year>/pdf")
@login_required
def statement_pdf(house_id: str, year: str) -> Any:
    return pdf_response(*documents.statement_pdf(clients(), current_account_id(), house_id, year))


@bp.get("/houses/<house_id>/certificate")
@login_required
def certificate_form(house_id: str) -> Any:
    house = houses.house_detail(clients(), current_account_id(), house_id)
    return render_template("certificate.html", house=house, certificate=None)


@bp.post("/houses/<house_id>/certificate")
@login_required
def issue_certificate(house_id: str) -> Any:
    certificate = documents.issue_certificate(clients(), current_account_id(), house_id)
    house = {"house_id": certificate["house_id"], "address": certificate["address"]}  # one call, as stated
    return Response(render_template("certificate.html", house=house, certificate=certificate), status=201)


@bp.get("/certificates/<certificate_id>/pdf")
@login_required
def certificate_pdf(certificate_id: str) -> Any:
    return pdf_response(*documents.certificate_pdf(clients(), current_account_id(), certificate_id))


@bp.get("/certificates/verify")
@certificate_verify_limit()
def verify() -> Any:
    """Public, beside the receipts' check: anyone holding the code."""
    code = request.args.get("code", "").strip()
    result, error = None, ""
    if code:
        try:
            result = documents.verify_certificate(clients(), code)
        except errors.ValidationFailed as exc:
            error = exc.message
    status = 400 if error else 200
    return Response(
        render_template("certificate_verify.html", code=code[:40], result=result, error=error), status
    )


@bp.get("/houses/<house_id>/projects")
@login_required
def building_projects(house_id: str) -> Any:
    found = documents.building_projects(clients(), current_account_id(), house_id)
    return render_template("building_projects.html", found=found, house=found["house"])
