"""audit log: index by actor (the shared maintfund_common.audit table); the trigger came with 0002

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 05:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_log_actor", "audit_log", ["actor_id", "occurred_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor", table_name="audit_log")
