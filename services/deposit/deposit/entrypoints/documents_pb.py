"""Protobuf and PDF shapes of the owners' documents (statements, certificates, fund projects)."""

from __future__ import annotations

from datetime import date

from deposit.adapters import documents_pdf
from deposit.domain import certificates
from deposit.domain.ledger import ENTRY_KIND_LABELS, EntryKind
from deposit.domain.projects import Document, Project, Scope, Share, ShareBasis
from deposit.domain.records import Certificate, StoredProject
from deposit.service_layer.documents import AnnualStatement
from maintfund.deposit.v1 import deposit_pb2 as pb
from maintfund_common import errors

# the protobuf value of each entry kind, looked up once rather than by name for every entry of a page
ENTRY_KIND_PB = {kind: pb.EntryKind.Value(f"ENTRY_KIND_{kind.value}") for kind in EntryKind}


def statement_to_pb(found: AnnualStatement, house: pb.HouseSummary | None) -> pb.GetAnnualStatementResponse:
    t = found.totals
    return pb.GetAnnualStatementResponse(
        year=found.year,
        first_year=found.first_year,
        totals=pb.StatementTotals(
            opening_balance_fen=t.opening_balance_fen,
            deposits_fen=t.deposits_fen,
            interest_fen=t.interest_fen,
            apportionments_fen=t.apportionments_fen,
            refunds_fen=t.refunds_fen,
            closing_balance_fen=t.closing_balance_fen,
            principal_fen=t.closing_principal_fen,
            interest_balance_fen=t.closing_interest_fen,
            opening_principal_fen=t.opening_principal_fen,
            opening_interest_fen=t.opening_interest_fen,
        ),
        entries=[
            pb.LedgerEntry(
                entry_id=e.entry_id,
                house_id=found.house.house_id,
                kind=ENTRY_KIND_PB[e.kind],
                amount_fen=e.amount_fen,
                principal_delta_fen=e.principal_delta_fen,
                interest_delta_fen=e.interest_delta_fen,
                balance_after_fen=e.balance_after_fen,
                business_no=e.business_no,
                booked_at=e.booked_at.isoformat(),
                summary=e.summary,
            )
            for e in found.entries
        ],
        house=house,
        issued_at=found.issued_at.isoformat(),
    )


def statement_pdf(found: AnnualStatement, public_base_url: str) -> bytes:
    t, house = found.totals, found.house
    return documents_pdf.render_statement_pdf(
        documents_pdf.StatementDocument(
            year=found.year,
            address=house.address,
            area_m2=house.area_m2,
            house_id=house.house_id,
            opening_balance_fen=t.opening_balance_fen,
            deposits_fen=t.deposits_fen,
            interest_fen=t.interest_fen,
            apportionments_fen=t.apportionments_fen,
            refunds_fen=t.refunds_fen,
            closing_balance_fen=t.closing_balance_fen,
            principal_fen=t.closing_principal_fen,
            interest_balance_fen=t.closing_interest_fen,
            lines=tuple(
                documents_pdf.StatementLine(
                    e.booked_at,
                    ENTRY_KIND_LABELS[e.kind],
                    e.summary,
                    e.business_no,
                    e.amount_fen,
                    e.balance_after_fen,
                )
                for e in found.entries
            ),
            issued_at=found.issued_at,
            # the owner's statement page: opened by an owner of the house, it shows the same figures
            qr_payload=(
                f"{public_base_url}/houses/{house.house_id}/statements/{found.year}"
                f"?closing_fen={t.closing_balance_fen}"
            ),
        )
    )


def certificate_to_pb(found: Certificate) -> pb.DepositCertificate:
    return pb.DepositCertificate(
        certificate_id=found.certificate_id,
        verification_code=certificates.display_code(found.verification_code),
        house_id=found.house_id,
        fully_paid=found.fully_paid,
        shortfall_fen=found.shortfall_fen,
        balance_fen=found.balance_fen,
        first_deposit_fen=found.first_deposit_fen,
        issued_at=found.issued_at.isoformat(),
        address=found.address,
        area_m2=found.area_m2,
    )


def certificate_pdf(found: Certificate, verify_url: str) -> bytes:
    return documents_pdf.render_certificate_pdf(
        documents_pdf.CertificateDocument(
            certificate_id=found.certificate_id,
            verification_code=certificates.display_code(found.verification_code),
            address=found.address,
            area_m2=found.area_m2,
            fully_paid=found.fully_paid,
            shortfall_fen=found.shortfall_fen,
            balance_fen=found.balance_fen,
            first_deposit_fen=found.first_deposit_fen,
            issued_at=found.issued_at,
            verify_url=verify_url,
        )
    )


def project_to_pb(stored: StoredProject, your_share_fen: int) -> pb.FundProject:
    p = stored.project
    return pb.FundProject(
        project_id=stored.project_id,
        project_no=p.project_no,
        name=p.name,
        reason=p.reason,
        scope=pb.ProjectScope.Value(f"PROJECT_SCOPE_{p.scope.value}"),
        scope_name=p.scope_name,
        total_cost_fen=p.total_cost_fen,
        households=p.households,
        share_basis=pb.ShareBasis.Value(f"SHARE_BASIS_{p.share_basis.value}"),
        your_share_fen=your_share_fen,
        approved_on=p.approved_on.isoformat(),
        documents=[
            pb.ProjectDocument(kind=d.kind, title=d.title, reference=d.reference) for d in p.documents
        ],
    )


def project_from_pb(request: pb.RecordFundUseRequest) -> tuple[Project, list[Share]]:
    p = request.project
    if not p.scope or not p.share_basis:
        raise errors.ValidationFailed("项目范围或分摊方式未填写", field="project")
    try:
        approved_on = date.fromisoformat(p.approved_on)
    except ValueError:
        raise errors.ValidationFailed("批准日期应为 YYYY-MM-DD", field="approved_on") from None
    project = Project(
        project_no=p.project_no.strip(),
        name=p.name.strip(),
        reason=p.reason.strip(),
        scope=Scope(pb.ProjectScope.Name(p.scope).removeprefix("PROJECT_SCOPE_")),
        scope_name=p.scope_name.strip(),
        total_cost_fen=p.total_cost_fen,
        households=p.households,
        share_basis=ShareBasis(pb.ShareBasis.Name(p.share_basis).removeprefix("SHARE_BASIS_")),
        approved_on=approved_on,
        documents=tuple(Document(d.kind, d.title.strip(), d.reference.strip()) for d in p.documents),
    )
    shares = [Share(s.house_id, s.amount_fen, s.business_no.strip()) for s in request.shares]
    return project, shares
