"""annual_statements, deposit_certificates, fund_projects and fund_project_shares (issue 22)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "annual_statements",
        sa.Column("house_id", sa.String(36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("opening_principal_fen", sa.BigInteger(), nullable=False),
        sa.Column("opening_interest_fen", sa.BigInteger(), nullable=False),
        sa.Column("deposits_fen", sa.BigInteger(), nullable=False),
        sa.Column("interest_fen", sa.BigInteger(), nullable=False),
        sa.Column("apportionments_fen", sa.BigInteger(), nullable=False),
        sa.Column("refunds_fen", sa.BigInteger(), nullable=False),
        sa.Column("closing_principal_fen", sa.BigInteger(), nullable=False),
        sa.Column("closing_interest_fen", sa.BigInteger(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("house_id", "year", name=op.f("pk_annual_statements")),
    )
    op.create_table(
        "deposit_certificates",
        sa.Column("certificate_id", sa.String(36), nullable=False),
        sa.Column("verification_code", sa.String(16), nullable=False),
        sa.Column("house_id", sa.String(36), nullable=False),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("area_m2", sa.Numeric(10, 2), nullable=False),
        sa.Column("fully_paid", sa.Boolean(), nullable=False),
        sa.Column("shortfall_fen", sa.BigInteger(), nullable=False),
        sa.Column("balance_fen", sa.BigInteger(), nullable=False),
        sa.Column("first_deposit_fen", sa.BigInteger(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("certificate_id", name=op.f("pk_deposit_certificates")),
        sa.UniqueConstraint("verification_code", name=op.f("uq_deposit_certificates_verification_code")),
    )
    op.create_index("ix_deposit_certificates_house", "deposit_certificates", ["house_id", "issued_at"])
    op.create_table(
        "fund_projects",
        sa.Column("project_id", sa.String(36), nullable=False),
        sa.Column("project_no", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("scope_name", sa.String(200), nullable=False),
        sa.Column("total_cost_fen", sa.BigInteger(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("share_basis", sa.String(10), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_fund_projects")),
        sa.UniqueConstraint("project_no", name=op.f("uq_fund_projects_project_no")),
    )
    op.create_table(
        "fund_project_shares",
        sa.Column("entry_id", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("project_id", sa.String(36), nullable=False),
        sa.Column("house_id", sa.String(36), nullable=False),
        sa.Column("building_key", sa.String(200), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_fund_project_shares")),
    )
    op.create_index(
        "ix_fund_project_shares_building", "fund_project_shares", ["building_key", "project_id"]
    )
    op.create_index("ix_fund_project_shares_project", "fund_project_shares", ["project_id"])


def downgrade() -> None:
    op.drop_table("fund_project_shares")
    op.drop_table("fund_projects")
    op.drop_index("ix_deposit_certificates_house", table_name="deposit_certificates")
    op.drop_table("deposit_certificates")
    op.drop_table("annual_statements")
