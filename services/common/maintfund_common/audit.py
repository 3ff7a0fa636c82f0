"""The audit trail (DESIGN §8): who did what to which object, when, from where, and how it ended.

Every service keeps an ``audit_log`` table in its own database. Rows are written through the service's
unit of work, so an audited change and its audit row commit together or not at all; a refused action
(whose own transaction rolls back) is recorded in a short transaction of its own (``record_alone``).

Append-only twice over: a trigger refuses UPDATE, DELETE and TRUNCATE whoever asks (migration helper
``maintfund_common.migrations.create_append_only_trigger``), and on PostgreSQL the application's database
role is granted only SELECT and INSERT on the table (``maintfund_common.migrations.grant_app_role``).

No personal data in clear: the user is an account id (or a fixed principal such as ``provider:WECHAT``),
targets are object ids; free text (``detail``) goes through the log scrubber, which masks ID numbers and
phone numbers, and is cut to the column's length.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Column, Engine, Index, MetaData, String, Table, text
from sqlalchemy.exc import SQLAlchemyError

from maintfund_common.config import is_production
from maintfund_common.db import BigIntPK, UtcDateTime, ping, utcnow
from maintfund_common.log_scrubber import scrub_text
from maintfund_common.logging_setup import get_client_ip, get_request_id

if TYPE_CHECKING:
    from maintfund_common.db import Database, UnitOfWork

log = logging.getLogger(__name__)

AUDIT_TABLE = "audit_log"

# actor_role values
OWNER = "OWNER"
REVIEWER = "REVIEWER"
ANONYMOUS = "ANONYMOUS"  # a login attempt for a name or phone that has no account
PROVIDER = "PROVIDER"  # a payment provider's notification
SYSTEM = "SYSTEM"

_WIDTHS = {
    "actor_id": 64,
    "actor_role": 20,
    "action": 40,
    "target": 80,
    "outcome": 20,
    "request_id": 64,
    "source_ip": 45,
    "detail": 200,
}


def audit_log_table(metadata: MetaData) -> Table:
    """The audit table every service declares in its ORM metadata."""
    return Table(
        AUDIT_TABLE,
        metadata,
        Column("id", BigIntPK, primary_key=True, autoincrement=True),
        Column("occurred_at", UtcDateTime(), nullable=False),
        Column("actor_id", String(_WIDTHS["actor_id"]), nullable=False),
        Column("actor_role", String(_WIDTHS["actor_role"]), nullable=False),
        Column("action", String(_WIDTHS["action"]), nullable=False),
        Column("target", String(_WIDTHS["target"]), nullable=False),
        Column("outcome", String(_WIDTHS["outcome"]), nullable=False),
        Column("request_id", String(_WIDTHS["request_id"]), nullable=False),
        Column("source_ip", String(_WIDTHS["source_ip"]), nullable=False),
        Column("detail", String(_WIDTHS["detail"]), nullable=False),
        Index("ix_audit_log_actor", "actor_id", "occurred_at"),
    )


def _clip(name: str, value: str) -> str:
    return scrub_text(value or "")[: _WIDTHS[name]]


def row(
    *,
    actor_id: str,
    actor_role: str,
    action: str,
    target: str,
    outcome: str,
    detail: str = "",
    source_ip: str | None = None,
) -> dict[str, object]:
    """The values of one audit row; request id and source IP come from the request context."""
    return {
        "occurred_at": utcnow(),
        "actor_id": _clip("actor_id", actor_id),
        "actor_role": _clip("actor_role", actor_role),
        "action": _clip("action", action),
        "target": _clip("target", target),
        "outcome": _clip("outcome", outcome),
        "request_id": _clip("request_id", get_request_id()),
        "source_ip": _clip("source_ip", get_client_ip() if source_ip is None else source_ip),
        "detail": _clip("detail", detail),
    }


def record(
    uow: UnitOfWork,
    *,
    actor_id: str,
    actor_role: str,
    action: str,
    target: str,
    outcome: str,
    detail: str = "",
    source_ip: str | None = None,
) -> None:
    """Add an audit row to this unit of work: it commits (or rolls back) with the audited change."""
    uow.session.execute(
        uow.audit_table()
        .insert()
        .values(
            row(
                actor_id=actor_id,
                actor_role=actor_role,
                action=action,
                target=target,
                outcome=outcome,
                detail=detail,
                source_ip=source_ip,
            )
        )
    )


def record_alone(
    db: Database,
    *,
    actor_id: str,
    actor_role: str,
    action: str,
    target: str,
    outcome: str,
    detail: str = "",
    source_ip: str | None = None,
) -> None:
    """An audit row in a transaction of its own: for refused actions, whose transaction rolled back."""
    with db.unit_of_work() as uow:
        record(
            uow,
            actor_id=actor_id,
            actor_role=actor_role,
            action=action,
            target=target,
            outcome=outcome,
            detail=detail,
            source_ip=source_ip,
        )
        uow.commit()


def rewrite_privileges(engine: Engine) -> list[str]:
    """What the connected PostgreSQL role could do to rewrite history: own, update, delete or truncate."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT r.rolsuper AS superuser,"
                " pg_has_role(current_user, t.tableowner, 'USAGE') AS owner,"
                " has_table_privilege(t.schemaname || '.' || t.tablename, 'UPDATE') AS update,"
                " has_table_privilege(t.schemaname || '.' || t.tablename, 'DELETE') AS delete,"
                " has_table_privilege(t.schemaname || '.' || t.tablename, 'TRUNCATE') AS truncate"
                " FROM pg_tables t JOIN pg_roles r ON r.rolname = current_user"
                " WHERE t.tablename = :table AND t.schemaname = current_schema()"
            ),
            {"table": AUDIT_TABLE},
        ).first()
    if found is None:
        return [f"no {AUDIT_TABLE} table: run the migrations"]
    return [name for name, value in found._mapping.items() if value]


class AppRoleGuard:
    """Readiness check for production: the service's own role must not be able to rewrite the audit trail.

    A pod connecting as the table owner (or with UPDATE/DELETE/TRUNCATE on audit_log) never turns ready,
    and says why in its log, so a rollout with the wrong DATABASE_URL stops before it takes traffic.
    """

    def __init__(self, engine: Engine, enforce: bool) -> None:
        self._engine = engine
        self._enforce = enforce
        self._passed = False

    def ok(self) -> bool:
        if not self._enforce or self._passed:
            return True
        try:
            problems = rewrite_privileges(self._engine)
        except SQLAlchemyError:
            return False  # the database is unreachable: readiness says so anyway
        if problems:
            log.error(
                "the database role may rewrite the audit trail; connect as the application role "
                "(deploy/RUNBOOK.md, database roles)",
                extra={"privileges": problems},
            )
            return False
        self._passed = True
        return True


def database_readiness(db: Database) -> Callable[[], bool]:
    """A service's readiness: its database answers and, in production, its role cannot rewrite the
    audit trail (AppRoleGuard)."""
    guard = AppRoleGuard(db.engine, enforce=is_production())
    return lambda: ping(db.engine) and guard.ok()
