"""Alembic environment of the deposit service (DATABASE_URL, or the development SQLite file)."""

from deposit.adapters.orm import metadata
from maintfund_common.config import service_database_url
from maintfund_common.migrations import run_migrations

run_migrations(metadata, service_database_url("deposit"))
