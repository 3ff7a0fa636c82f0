"""Alembic environment shared by every service's migrations/env.py.

Migrations run as a release step (``make migrate`` locally, a Job in Kubernetes), never at start-up.
"""

from __future__ import annotations

import logging
import os
import re

from alembic import context, op
from sqlalchemy import Connection, MetaData, pool, text
from sqlalchemy import create_engine as _create_engine

from maintfund_common.db import OUTBOX_WAKEUP_CHANNEL, UtcDateTime

log = logging.getLogger(__name__)

APP_ROLE_ENV = "DB_APP_ROLE"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_APPEND_ONLY_TABLES = ("audit_log",)


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
            app_role = os.environ.get(APP_ROLE_ENV, "").strip()
            if app_role and connection.dialect.name == "postgresql":
                grant_app_role(connection, app_role)
    engine.dispose()


# --- the audit trail is append-only ---------------------------------------------------------------------


def create_append_only_trigger(table: str = "audit_log") -> None:
    """Inside a migration: UPDATE, DELETE (and TRUNCATE on PostgreSQL) on ``table`` fail, for every role.

    The table owner could still drop the trigger; that is why the application does not connect as the
    owner (``grant_app_role``) and why dropping it takes a migration, which is reviewed and logged.
    """
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{table} is append-only (% refused)', TG_OP;
            END;
            $$
            """
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )
    else:
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def drop_append_only_trigger(table: str = "audit_log") -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")


# --- the outbox wakes its relay on commit ----------------------------------------------------------------


OUTBOX_WAKEUP_DDL = (
    f"""
    CREATE OR REPLACE FUNCTION outbox_wake_relay() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{OUTBOX_WAKEUP_CHANNEL}', '');
        RETURN NULL;
    END;
    $$
    """,
    "CREATE TRIGGER outbox_wake_relay AFTER INSERT ON outbox "
    "FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_relay()",
)


def create_outbox_wakeup_trigger() -> None:
    """Inside a migration (PostgreSQL only): each statement that inserts into ``outbox`` sends a NOTIFY,
    which PostgreSQL delivers when (and only if) the transaction commits, so the relay sleeps until there
    is something to publish instead of polling the table many times a second. SQLite keeps polling."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in OUTBOX_WAKEUP_DDL:
            op.execute(statement)


def drop_outbox_wakeup_trigger() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS outbox_wake_relay ON outbox")
        op.execute("DROP FUNCTION IF EXISTS outbox_wake_relay()")


def grant_app_role(connection: Connection, app_role: str) -> None:
    """The application's PostgreSQL role: reads and writes the tables, but only adds to the audit trail.

    Run by every ``alembic upgrade`` when ``DB_APP_ROLE`` is set, as the owner role the migration Job
    connects with; re-run each time so tables added by later migrations are covered. The application
    role gets DML on every table and the sequences behind identity columns, SELECT only on
    alembic_version, and SELECT, INSERT on the append-only tables, from which UPDATE, DELETE and
    TRUNCATE are revoked (an earlier broader grant included).
    """
    if not _ROLE_NAME.fullmatch(app_role):
        raise ValueError(f"{APP_ROLE_ENV}={app_role!r} is not a plain PostgreSQL role name")
    current = connection.execute(text("SELECT current_user")).scalar_one()
    if current == app_role:
        raise ValueError(
            f"{APP_ROLE_ENV} names the role running the migrations ({current}): the application must "
            "connect as a role that does not own the tables"
        )
    inherits_owner = connection.execute(
        text("SELECT pg_has_role(:role, current_user, 'USAGE')"), {"role": app_role}
    ).scalar_one()
    if inherits_owner:
        raise ValueError(
            f"{APP_ROLE_ENV}={app_role} inherits the owner role {current}: it could undo the grants"
        )
    quote = connection.dialect.identifier_preparer.quote
    role = quote(app_role)
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    tables = connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = :schema ORDER BY tablename"),
        {"schema": schema},
    ).scalars()
    connection.execute(text(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {role}"))
    for table in tables:
        name = f"{quote(schema)}.{quote(table)}"
        connection.execute(text(f"REVOKE ALL ON {name} FROM {role}"))
        if table in _APPEND_ONLY_TABLES:
            connection.execute(text(f"GRANT SELECT, INSERT ON {name} TO {role}"))
        elif table == "alembic_version":
            connection.execute(text(f"GRANT SELECT ON {name} TO {role}"))
        else:
            connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {role}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(schema)} TO {role}"))
    log.info("application role granted", extra={"role": app_role})
