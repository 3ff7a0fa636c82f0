"""Owners' documents (F10): 年度结存单, 交存证明 and what the fund paid for; one deposit call each.

The deposit service decides access (a house bound to the account; a 我要查询 grant opens none of these),
computes the statements, states the certificates and renders the PDFs; the gateway only checks that a
path segment can be what it names and translates.
"""

from __future__ import annotations

from typing import Any

from gateway.clients import Clients
from gateway.ops.views import (
    certificate_dict,
    certificate_verification_dict,
    owned_house_dict,
    project_dict,
    statement_dict,
)
from maintfund.deposit.v1 import deposit_pb2
from maintfund_common import errors
from maintfund_common.text import ascii_digits

MAX_CODE = 40


def _house_id(house_id: str) -> str:
    if not house_id or len(house_id) > 64:
        raise errors.NotFound("房屋不存在")
    return house_id


def _year(year: str) -> int:
    if len(year) != 4 or not ascii_digits(year):
        raise errors.ValidationFailed("年份应为四位数字", field="year")
    return int(year)


def statement(clients: Clients, account_id: str, house_id: str, year: str) -> dict[str, Any]:
    found = clients.deposit.GetAnnualStatement(
        deposit_pb2.GetAnnualStatementRequest(
            house_id=_house_id(house_id), year=_year(year), account_id=account_id
        )
    )
    return {**statement_dict(found), "house": owned_house_dict(found.house)}


def statement_pdf(clients: Clients, account_id: str, house_id: str, year: str) -> tuple[bytes, str]:
    found = clients.deposit.GetAnnualStatementPdf(
        deposit_pb2.GetAnnualStatementPdfRequest(
            house_id=_house_id(house_id), year=_year(year), account_id=account_id
        ),
        timeout=10,
    )
    return found.pdf, found.filename


def issue_certificate(clients: Clients, account_id: str, house_id: str) -> dict[str, Any]:
    found = clients.deposit.IssueDepositCertificate(
        deposit_pb2.IssueDepositCertificateRequest(house_id=_house_id(house_id), account_id=account_id)
    )
    return certificate_dict(found.certificate)


def certificate_pdf(clients: Clients, account_id: str, certificate_id: str) -> tuple[bytes, str]:
    if not certificate_id or len(certificate_id) > 64:
        raise errors.NotFound("交存证明不存在", code="CERTIFICATE_NOT_FOUND")
    found = clients.deposit.GetDepositCertificatePdf(
        deposit_pb2.GetDepositCertificatePdfRequest(certificate_id=certificate_id, account_id=account_id),
        timeout=10,
    )
    return found.pdf, found.filename


def verify_certificate(clients: Clients, code: str) -> dict[str, Any]:
    """Public: anyone with the code. A malformed code is the deposit service's 400."""
    answer = clients.deposit.VerifyDepositCertificate(
        deposit_pb2.VerifyDepositCertificateRequest(code=code[: MAX_CODE + 1])
    )
    return certificate_verification_dict(answer)


def building_projects(clients: Clients, account_id: str, house_id: str) -> dict[str, Any]:
    found = clients.deposit.ListBuildingProjects(
        deposit_pb2.ListBuildingProjectsRequest(house_id=_house_id(house_id), account_id=account_id)
    )
    return {
        "house": owned_house_dict(found.house),
        "building": found.building,
        "items": [
            {
                **project_dict(p.project),
                "houses_in_building": p.houses_in_building,
                "building_paid_fen": p.building_paid_fen,
            }
            for p in found.projects
        ],
    }
