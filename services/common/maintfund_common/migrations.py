"""Alembic environment shared by every service's migrations/env.py.

Migrations run as a release step (``make migrate`` locally, a Job in Kubernetes), never at start-up.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData, pool
from sqlalchemy import create_engine as _create_engine

from maintfund_common.db import UtcDateTime


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations must not import application code: render our column types as plain SQLAlchemy ones.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(metadata: MetaData, url: str) -> None:
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True, render_item=_render_item)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = _create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_item=_render_item,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
