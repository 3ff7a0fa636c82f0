"""the outbox wakes the relay on commit (PostgreSQL NOTIFY) instead of being polled

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 08:20:00.000000
"""

from collections.abc import Sequence

from maintfund_common.migrations import create_outbox_wakeup_trigger, drop_outbox_wakeup_trigger

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_outbox_wakeup_trigger()


def downgrade() -> None:
    drop_outbox_wakeup_trigger()
