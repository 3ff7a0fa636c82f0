"""index for the sweeper's re-check of recently closed orders (a late payment after close)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_payment_orders_status_expiry", "payment_orders", ["status", "expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_payment_orders_status_expiry", table_name="payment_orders")
