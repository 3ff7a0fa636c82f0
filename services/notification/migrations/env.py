"""Alembic environment of the notification service (DATABASE_URL, or the development SQLite file)."""

from maintfund_common.config import service_database_url
from maintfund_common.migrations import run_migrations
from notification.adapters.orm import metadata

run_migrations(metadata, service_database_url("notification"))
