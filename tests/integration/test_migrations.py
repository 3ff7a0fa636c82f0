"""Each service's Alembic migrations produce exactly the schema its code declares."""

from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from tests.conftest import DATABASES

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("service", DATABASES)
def test_migrations_match_the_models(migrated_databases: dict[str, str], service: str) -> None:
    metadata = importlib.import_module(f"{service}.adapters.orm").metadata
    engine = create_engine(migrated_databases[service])
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), metadata)
    engine.dispose()
    assert diff == [], f"{service}: models and migrations differ; add a migration: {diff}"
