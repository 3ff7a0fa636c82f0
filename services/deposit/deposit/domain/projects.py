"""Fund uses (维修项目): the repair a set of houses paid for, and how each share was computed.

The back office records a project with its shares; each share is an apportionment (使用分摊) posting
on one house, linked to the project, so an owner's entry explains itself: what was repaired, why, the
total cost, how many households shared it, on which basis, and the owner's share (the entry's amount).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from maintfund_common import errors


class Scope(enum.StrEnum):
    BUILDING = "BUILDING"  # 楼栋
    COMMUNITY = "COMMUNITY"  # 小区


class ShareBasis(enum.StrEnum):
    BY_AREA = "BY_AREA"  # 按建筑面积分摊
    EQUAL = "EQUAL"  # 按户均摊


SHARE_BASIS_LABELS = {ShareBasis.BY_AREA: "按建筑面积分摊", ShareBasis.EQUAL: "按户均摊"}
DOCUMENT_KINDS = ("QUOTE", "APPROVAL", "CONTRACT", "ACCEPTANCE", "INVOICE", "OTHER")
MAX_SHARES, MAX_DOCUMENTS = 5000, 20
MAX_BUSINESS_NO = 40  # the ledger's business number

_BUILDING = re.compile(r"^(.*?(?:号楼|栋|幢))")


def building_key(address: str) -> str:
    """The building of a house from its address (坐落): everything up to 号楼/栋/幢; the whole address
    when it names none (then the house is a building of its own for the community view)."""
    found = _BUILDING.match(address.strip())
    return (found.group(1) if found else address.strip())[:200]


@dataclass(frozen=True)
class Document:
    kind: str  # QUOTE, APPROVAL, CONTRACT, ACCEPTANCE, INVOICE, OTHER
    title: str
    reference: str  # the archive's number or URL of the document


@dataclass(frozen=True)
class Share:
    house_id: str
    amount_fen: int
    business_no: str


@dataclass(frozen=True)
class Project:
    project_no: str
    name: str
    reason: str
    scope: Scope
    scope_name: str
    total_cost_fen: int
    households: int
    share_basis: ShareBasis
    approved_on: date
    documents: tuple[Document, ...] = ()


def bad(message: str, field: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(message, field=field)


def check_project(project: Project, shares: list[Share]) -> None:
    """The back office's record must be whole: a bad field is VALIDATION_FAILED and nothing is stored."""

    if not project.project_no or len(project.project_no) > 40:
        raise bad("项目编号无效", "project_no")
    if not project.name.strip() or len(project.name) > 100:
        raise bad("项目名称无效", "name")
    if not project.reason.strip() or len(project.reason) > 500:
        raise bad("维修原因无效", "reason")
    if not project.scope_name.strip() or len(project.scope_name) > 200:
        raise bad("楼栋或小区名称无效", "scope_name")
    if project.total_cost_fen <= 0:
        raise bad("项目总费用必须大于0", "total_cost_fen")
    if not 1 <= project.households <= 100_000:
        raise bad("分摊户数无效", "households")
    _check_documents(project.documents)
    _check_shares(project, shares)


def _check_documents(documents: tuple[Document, ...]) -> None:
    if len(documents) > MAX_DOCUMENTS:
        raise bad(f"项目文件最多 {MAX_DOCUMENTS} 份", "documents")
    for doc in documents:
        if doc.kind not in DOCUMENT_KINDS or not doc.title.strip() or len(doc.title) > 100:
            raise bad("项目文件无效", "documents")
        if len(doc.reference) > 300:
            raise bad("项目文件编号过长", "documents")


def _check_shares(project: Project, shares: list[Share]) -> None:
    if len(shares) > min(project.households, MAX_SHARES):
        raise bad("分摊房屋数超过分摊户数", "shares")
    if len({s.house_id for s in shares}) != len(shares):
        raise bad("同一房屋不能分摊两次", "shares")
    if any(s.amount_fen <= 0 for s in shares):
        raise bad("分摊金额必须大于0", "shares")
    if any(not s.business_no or len(s.business_no) > MAX_BUSINESS_NO for s in shares):
        raise bad("每笔分摊须有业务流水号（最多40位）", "shares")
    if len({s.business_no for s in shares}) != len(shares):
        raise bad("同一业务流水号不能用于两笔分摊", "shares")
    if sum(s.amount_fen for s in shares) > project.total_cost_fen:
        raise bad("分摊金额合计超过项目总费用", "shares")
