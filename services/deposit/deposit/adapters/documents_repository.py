"""SQL of the owners' documents: annual statements, deposit certificates, fund projects and their shares."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, and_, case, cast, delete, func, insert, literal, select

from deposit.adapters.ledger_repository import stored_entry
from deposit.adapters.orm import (
    annual_statements,
    deposit_certificates,
    fund_project_shares,
    fund_projects,
    ledger_entries,
)
from deposit.domain.ledger import EntryKind
from deposit.domain.projects import Document, Project, Scope, Share, ShareBasis
from deposit.domain.records import BuildingProject, Certificate, StoredEntry, StoredProject
from deposit.domain.statements import Totals
from maintfund_common.db import Executor

L = ledger_entries.c
DEPOSIT_KINDS = [k.value for k in EntryKind if k.is_deposit]


def _in_year(start: datetime, end: datetime, value: Any, kinds: list[str] | None = None) -> Any:
    condition = and_(L.booked_at >= start, L.booked_at < end)
    if kinds is not None:
        condition = and_(condition, L.kind.in_(kinds))
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def _certificate(row: Any) -> Certificate:
    return Certificate(
        row.certificate_id,
        row.verification_code,
        row.house_id,
        row.account_id,
        row.address,
        f"{row.area_m2:.2f}",
        bool(row.fully_paid),
        row.shortfall_fen,
        row.balance_fen,
        row.first_deposit_fen,
        row.issued_at,
    )


def _project(row: Any) -> StoredProject:
    docs = tuple(Document(d["kind"], d["title"], d["reference"]) for d in json.loads(row.documents))
    return StoredProject(
        row.project_id,
        Project(
            row.project_no,
            row.name,
            row.reason,
            Scope(row.scope),
            row.scope_name,
            row.total_cost_fen,
            row.households,
            ShareBasis(row.share_basis),
            row.approved_on,
            docs,
        ),
    )


def approved_on_date(value: str) -> date:
    return date.fromisoformat(value)


class DocumentsRepository:
    """Annual statements, deposit certificates, fund projects and their shares."""

    session: Executor

    def first_booked_at(self, house_id: str) -> datetime | None:
        return self.session.execute(select(func.min(L.booked_at)).where(L.house_id == house_id)).scalar_one()

    def opening_balances(self, house_id: str, start: datetime) -> tuple[int, int]:
        """(principal, interest) of the house before ``start``: the sums of its earlier entries."""
        row = self.session.execute(
            select(
                func.coalesce(func.sum(L.principal_delta_fen), 0),
                func.coalesce(func.sum(L.interest_delta_fen), 0),
            ).where(L.house_id == house_id, L.booked_at < start)
        ).one()
        return int(row[0]), int(row[1])

    def year_entries(self, house_id: str, start: datetime, end: datetime) -> list[StoredEntry]:
        """The house's entries booked in [start, end), in booking order (at most a few hundred a year)."""
        query = (
            select(ledger_entries)
            .where(L.house_id == house_id, L.booked_at >= start, L.booked_at < end)
            .order_by(L.booked_at, L.entry_id)
        )
        return [stored_entry(r) for r in self.session.execute(query)]

    def compute_year(self, year: int, start: datetime, end: datetime, now: datetime) -> int:
        """Every house's statement of ``year`` in one set-based statement (replacing that year's rows).

        One aggregation over the ledger up to the year's end, grouped by house: the opening balances are the
        sums before the year, the movements the sums per kind within it. Returns the number of statements.
        """
        before = L.booked_at < start
        amount = L.principal_delta_fen + L.interest_delta_fen
        opening_p = func.coalesce(func.sum(case((before, L.principal_delta_fen), else_=0)), 0)
        opening_i = func.coalesce(func.sum(case((before, L.interest_delta_fen), else_=0)), 0)
        query = (
            select(
                L.house_id,
                literal(year, Integer),
                opening_p,
                opening_i,
                _in_year(start, end, amount, DEPOSIT_KINDS),
                _in_year(start, end, amount, [EntryKind.INTEREST.value]),
                _in_year(start, end, amount, [EntryKind.APPORTIONMENT.value]),
                _in_year(start, end, amount, [EntryKind.REFUND.value]),
                func.sum(L.principal_delta_fen),
                func.sum(L.interest_delta_fen),
                cast(func.sum(case((L.booked_at >= start, 1), else_=0)), Integer),
                literal(now, annual_statements.c.computed_at.type),
            )
            .where(L.booked_at < end)
            .group_by(L.house_id)
        )
        self.session.execute(delete(annual_statements).where(annual_statements.c.year == year))
        columns = [
            "house_id",
            "year",
            "opening_principal_fen",
            "opening_interest_fen",
            "deposits_fen",
            "interest_fen",
            "apportionments_fen",
            "refunds_fen",
            "closing_principal_fen",
            "closing_interest_fen",
            "entry_count",
            "computed_at",
        ]
        self.session.execute(insert(annual_statements).from_select(columns, query))
        # (the driver reports no row count for INSERT … SELECT here)
        counted = select(func.count()).select_from(annual_statements).where(annual_statements.c.year == year)
        return int(self.session.execute(counted).scalar_one())

    def stored_statement(self, house_id: str, year: int) -> Totals | None:
        row = self.session.execute(
            select(annual_statements).where(
                annual_statements.c.house_id == house_id, annual_statements.c.year == year
            )
        ).first()
        if row is None:
            return None
        return Totals(
            row.opening_principal_fen,
            row.opening_interest_fen,
            deposits_fen=row.deposits_fen,
            interest_fen=row.interest_fen,
            apportionments_fen=row.apportionments_fen,
            refunds_fen=row.refunds_fen,
            closing_principal_fen=row.closing_principal_fen,
            closing_interest_fen=row.closing_interest_fen,
            entry_count=row.entry_count,
        )

    def add_certificate(self, certificate: Certificate) -> None:
        values = {k: getattr(certificate, k) for k in deposit_certificates.c.keys()}
        self.session.execute(insert(deposit_certificates).values(values))

    def certificate_by_id(self, certificate_id: str) -> Certificate | None:
        c = deposit_certificates.c
        row = self.session.execute(
            select(deposit_certificates).where(c.certificate_id == certificate_id)
        ).first()
        return _certificate(row) if row else None

    def certificate_by_code(self, code: str) -> Certificate | None:
        c = deposit_certificates.c
        row = self.session.execute(select(deposit_certificates).where(c.verification_code == code)).first()
        return _certificate(row) if row else None

    def project_by_no(self, project_no: str) -> StoredProject | None:
        row = self.session.execute(
            select(fund_projects).where(fund_projects.c.project_no == project_no)
        ).first()
        return _project(row) if row else None

    def add_project(self, project_id: str, project: Project, now: datetime) -> None:
        self.session.execute(
            insert(fund_projects).values(
                project_id=project_id,
                project_no=project.project_no,
                name=project.name,
                reason=project.reason,
                scope=project.scope.value,
                scope_name=project.scope_name,
                total_cost_fen=project.total_cost_fen,
                households=project.households,
                share_basis=project.share_basis.value,
                approved_on=project.approved_on,
                documents=json.dumps(
                    [{"kind": d.kind, "title": d.title, "reference": d.reference} for d in project.documents],
                    ensure_ascii=False,
                ),
                created_at=now,
            )
        )

    def add_share(self, project_id: str, share: Share, entry_id: int, building: str) -> None:
        self.session.execute(
            insert(fund_project_shares).values(
                entry_id=entry_id,
                project_id=project_id,
                house_id=share.house_id,
                building_key=building,
                amount_fen=share.amount_fen,
            )
        )

    def project_of_entry(self, entry_id: int) -> tuple[StoredProject, int] | None:
        """The project an apportionment entry paid for, with the house's share, in one query."""
        s = fund_project_shares.c
        row = self.session.execute(
            select(fund_projects, s.amount_fen.label("share_fen"))
            .join(fund_project_shares, s.project_id == fund_projects.c.project_id)
            .where(s.entry_id == entry_id)
        ).first()
        return (_project(row), row.share_fen) if row else None

    def building_projects(self, building: str, limit: int) -> list[BuildingProject]:
        """Projects paid from houses of this building, newest approval first (one grouped query)."""
        s = fund_project_shares.c
        shares = (
            select(
                s.project_id,
                func.count().label("houses"),
                func.sum(s.amount_fen).label("paid"),
            )
            .where(s.building_key == building)
            .group_by(s.project_id)
            .subquery()
        )
        rows = self.session.execute(
            select(fund_projects, shares.c.houses, shares.c.paid)
            .join(shares, shares.c.project_id == fund_projects.c.project_id)
            .order_by(fund_projects.c.approved_on.desc(), fund_projects.c.project_id)
            .limit(limit)
        )
        return [BuildingProject(_project(r), int(r.houses), int(r.paid)) for r in rows]
