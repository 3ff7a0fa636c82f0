"""accounts.display_mode: 标准版 / 长辈版 remembered for the account (issue 19)

The mode an owner chose while logged in follows them to another browser: the portal makes it the
browser's mode at login. Existing accounts have none (NULL) until they choose; their browsers keep theirs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # nullable, no default: adding it rewrites no rows, so the release step does not lock the table
    op.add_column("accounts", sa.Column("display_mode", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "display_mode")
