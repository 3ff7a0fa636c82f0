"""house_facts: contract and certificate numbers and the refund flag, so the house detail is one call

HouseRegistered carries them from now on; rows copied before this revision have them empty until the
house's next HouseRegistered or a `reconcile-copies` run (the detail page shows the numbers as absent).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("house_facts") as batch:
        batch.add_column(sa.Column("contract_no", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("cert_no", sa.String(length=100), nullable=True))
        batch.add_column(
            sa.Column("needs_refund", sa.Boolean(), nullable=False, server_default=sa.text("false"))
        )


def downgrade() -> None:
    with op.batch_alter_table("house_facts") as batch:
        batch.drop_column("needs_refund")
        batch.drop_column("cert_no")
        batch.drop_column("contract_no")
