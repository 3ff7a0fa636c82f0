"""Alembic environment of the registry service (DATABASE_URL, or the development SQLite file)."""

from maintfund_common.config import service_database_url
from maintfund_common.migrations import run_migrations
from registry.adapters.orm import metadata

run_migrations(metadata, service_database_url("registry"))
