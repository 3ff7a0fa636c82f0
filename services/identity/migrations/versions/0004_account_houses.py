"""account_houses: identity's copy of the register's bindings (HouseBound, and identity matching at login)

个人信息 (GET /me) says whether the owner has houses and how many in one call. Accounts that logged in
before this revision get their bindings at their next login (identity matching returns them all) or from
new HouseBound events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 06:30:00
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
