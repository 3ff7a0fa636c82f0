"""Owners' documents (F10): the annual statement, the deposit certificate, and the fund uses behind
apportionments. Access as everywhere in this service: an owner sees the houses bound to the account
(``HouseAccess``); a 我要查询 grant opens none of these; anything else is the missing-house NOT_FOUND.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from deposit.domain import certificates, statements
from deposit.domain.billing import fell_below_threshold
from deposit.domain.ledger import AccountState, EntryKind, Posting, withdrawal
from deposit.domain.projects import Project, Share, building_key, check_project
from deposit.domain.records import BuildingProject, Certificate, HouseSummary, StoredEntry, StoredProject
from deposit.service_layer import billing, ledger
from deposit.service_layer.access import Asker, HouseAccess
from maintfund.events.v1 import events_pb2
from maintfund_common import audit, errors
from maintfund_common.db import Database, UnitOfWork, utcnow

if TYPE_CHECKING:
    from deposit.adapters.deposit_repository import DepositRepository

log = logging.getLogger(__name__)
BUILDING_PROJECTS_LIMIT = 50


def _owned_house(
    repo: DepositRepository, access: HouseAccess, account_id: str, house_id: str
) -> HouseSummary:
    """The house if it is bound to the account (no grant: another person's house shows none of this)."""
    _, house = access.visible(repo, Asker(account_id), house_id)
    return house


# --- 年度结存单 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnualStatement:
    house: HouseSummary
    year: int
    totals: statements.Totals
    entries: list[StoredEntry]
    issued_at: datetime
    first_year: int  # the house's first statement year (its first entry's Beijing year)


def annual_statement(
    repo: DepositRepository,
    access: HouseAccess,
    account_id: str,
    house_id: str,
    year: int,
    *,
    now: datetime | None = None,
) -> AnnualStatement:
    """One house's statement of one Beijing year, from its ledger (opening + movements = closing)."""
    house = _owned_house(repo, access, account_id, house_id)
    now = now or utcnow()
    first_booked_at = repo.first_booked_at(house_id)
    statements.check_in_history(year, first_booked_at, now)
    start, end = statements.year_bounds(year)
    opening = repo.opening_balances(house_id, start)
    entries = repo.year_entries(house_id, start, end)
    totals = statements.totals(*opening, (e.movement() for e in entries))
    first_year = statements.beijing_year(first_booked_at) if first_booked_at else year
    return AnnualStatement(house, year, totals, entries, now, first_year)


def year_end_statements(db: Database, year: int, now: datetime | None = None) -> int:
    """The year-end batch: every house's statement of ``year``, set-based, in one transaction."""
    start, end = statements.year_bounds(year)
    with db.unit_of_work() as uow:
        count = uow.repo.compute_year(year, start, end, now or utcnow())
        uow.commit()
    log.info("annual statements computed", extra={"year": year, "statements": count})
    return count


# --- 交存证明 ------------------------------------------------------------------------------------------


def issue_certificate(db: Database, access: HouseAccess, account_id: str, house_id: str) -> Certificate:
    """The fund's state today (fully paid, or what is missing), stored with a fresh verification code."""
    with db.unit_of_work() as uow:
        house = _owned_house(uow.repo, access, account_id, house_id)
        status = billing.fund_fully_paid(uow.repo, house_id)
        certificate = Certificate(
            certificate_id=str(uuid.uuid4()),
            verification_code=certificates.new_code(),
            house_id=house_id,
            account_id=account_id,
            address=house.address,
            area_m2=house.area_m2,
            fully_paid=status.fully_paid,
            shortfall_fen=0 if status.fully_paid else certificates.shortfall_fen(status.outstanding_fen),
            balance_fen=status.balance_fen,
            first_deposit_fen=status.first_deposit_fen,
            issued_at=utcnow().replace(microsecond=0),
        )
        uow.repo.add_certificate(certificate)
        audit.record(
            uow,
            actor_id=account_id,
            actor_role=audit.OWNER,
            action="ISSUE_DEPOSIT_CERTIFICATE",
            target=certificate.certificate_id,
            outcome="OK",
        )
        uow.commit()
    log.info("deposit certificate issued", extra={"certificate_id": certificate.certificate_id})
    return certificate


def owned_certificate(
    repo: DepositRepository, access: HouseAccess, account_id: str, certificate_id: str
) -> Certificate:
    """A certificate of a house bound to the asking account; NOT_FOUND otherwise (same as a missing one)."""
    found = repo.certificate_by_id(certificate_id) if 0 < len(certificate_id) <= 64 else None
    if found is None:
        raise errors.NotFound("交存证明不存在", code="CERTIFICATE_NOT_FOUND")
    try:
        _owned_house(repo, access, account_id, found.house_id)
    except errors.NotFound:
        raise errors.NotFound("交存证明不存在", code="CERTIFICATE_NOT_FOUND") from None
    return found


@dataclass(frozen=True)
class Verification:
    valid: bool
    address_masked: str = ""
    fully_paid: bool = False
    issued_at: datetime | None = None
    shortfall_fen: int = 0


def verify_certificate(repo: DepositRepository, raw_code: str) -> Verification:
    """Anyone with the code: the masked address, whether it was fully paid, when. No names, no ID numbers.
    A well-formed code that matches nothing is ``valid: false`` in the same shape."""
    found = repo.certificate_by_code(certificates.parse_code(raw_code))
    if found is None:
        return Verification(valid=False)
    return Verification(
        True, certificates.mask_address(found.address), found.fully_paid, found.issued_at, found.shortfall_fen
    )


# --- fund uses (维修项目) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedProject:
    project_id: str
    entry_ids: list[int]
    created: bool


def record_fund_use(
    db: Database, project: Project, shares: list[Share], now: datetime | None = None
) -> RecordedProject:
    """The back office records a repair project and posts each house's share as an apportionment linked to
    it, in one transaction. Idempotent by project number (the same record again changes nothing)."""
    check_project(project, shares)
    now = now or utcnow()
    with db.unit_of_work() as uow:
        repo = uow.repo
        existing = repo.project_by_no(project.project_no)
        if existing is not None:
            if existing.project != project:
                raise errors.Conflict("项目编号已用于另一个项目", code="PROJECT_NO_REUSED")
            return RecordedProject(existing.project_id, [], False)
        project_id = str(uuid.uuid4())
        repo.add_project(project_id, project, now)
        entry_ids = []
        for share in shares:
            house = repo.house_summary(share.house_id)
            if house is None:  # a bad record, not a missing resource: the whole project is refused
                raise errors.ValidationFailed("分摊房屋不存在", field="shares", house_id=share.house_id)
            if repo.entry_by_business_no(share.business_no) is not None:
                # never link an entry booked for something else (post() would hand it back)
                raise errors.Conflict(
                    "业务流水号已用于另一笔记账", code="BUSINESS_NO_REUSED", business_no=share.business_no
                )
            state = repo.lock_account(share.house_id)
            principal, interest = withdrawal(state, share.amount_fen)
            entry = ledger.post(
                uow,
                share.house_id,
                Posting(
                    EntryKind.APPORTIONMENT,
                    principal,
                    interest,
                    share.business_no,
                    now,
                    summary=f"{project.name}分摊"[:100],
                ),
            )
            repo.add_share(project_id, share, entry.entry_id, building_key(house.address))
            entry_ids.append(entry.entry_id)
            after = AccountState(entry.principal_after_fen, entry.interest_after_fen, state.first_deposit_fen)
            uow.publish(
                events_pb2.ApportionmentPosted(
                    house_id=share.house_id,
                    business_no=share.business_no,
                    project_id=project_id,
                    project_name=project.name,
                    share_fen=share.amount_fen,
                    balance_fen=after.balance_fen,
                    entry_id=entry.entry_id,
                    house_address=house.address,
                )
            )
            if fell_below_threshold(state, after):
                billing.tell_low_balance(
                    uow, share.house_id, house.address, business_no=share.business_no, after=after, now=now
                )
        uow.commit()
    log.info("fund use recorded", extra={"project_id": project_id, "shares": len(entry_ids)})
    return RecordedProject(project_id, entry_ids, True)


def link_share(uow: UnitOfWork, project_id: str, share: Share, entry_id: int, address: str) -> None:
    """Link an apportionment already booked to its project (the demo seeder; no new posting)."""
    uow.repo.add_share(project_id, share, entry_id, building_key(address))


def project_of_entry(
    repo: DepositRepository, entry_id: int, kind: EntryKind
) -> tuple[StoredProject, int] | None:
    if kind is not EntryKind.APPORTIONMENT:
        return None
    return repo.project_of_entry(entry_id)


def building_projects(
    repo: DepositRepository, access: HouseAccess, account_id: str, house_id: str
) -> tuple[HouseSummary, str, list[BuildingProject]]:
    """The community view: projects paid from the houses of the asking owner's building."""
    house = _owned_house(repo, access, account_id, house_id)
    building = building_key(house.address)
    return house, building, repo.building_projects(building, BUILDING_PROJECTS_LIMIT)
