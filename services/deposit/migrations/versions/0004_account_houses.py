"""account_houses: deposit's copy of the register's bindings (from HouseBound events)

Deployments that ran before this revision have no copy of earlier bindings: reads of those houses fall
back to registry (two calls instead of one) until `deposit sync-bindings` or new HouseBound events fill it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 05:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_houses",
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("house_id", sa.String(length=36), nullable=False),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "house_id", name=op.f("pk_account_houses")),
    )


def downgrade() -> None:
    op.drop_table("account_houses")
