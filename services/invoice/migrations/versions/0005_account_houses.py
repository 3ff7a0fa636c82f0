"""account_houses: invoice's copy of the register's bindings (from HouseBound events)

Receipts of a house belong to the accounts it is bound to; the invoice service now decides that itself
instead of trusting a list the gateway assembled. Deployments that ran before this revision start with an
empty copy: each binding it lacks is asked of the registry once and kept.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
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
