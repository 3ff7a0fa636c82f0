"""SQLAlchemy engine, session and unit of work, plus the outbox and inbox tables every service has.

SQLite (a file under var/) is the zero-setup default; PostgreSQL is what CI and production use.
One engine (one pool) per process.
"""

from __future__ import annotations

import select
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from google.protobuf.message import Message
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    TypeDecorator,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError, InvalidatePoolError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.expression import Executable

from maintfund_common.logging_setup import get_request_id
from maintfund_common.metrics import DB_POOL_WAIT, DB_STATEMENTS

# SQLite only auto-increments INTEGER PRIMARY KEY columns; PostgreSQL gets BIGINT identities.
BigIntPK = BigInteger().with_variant(Integer(), "sqlite")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime: use maintfund_common.db.utcnow()")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def _count_statement(*_args: Any) -> None:
    DB_STATEMENTS.inc()


# Execution option of connections that only read (``read_only``): on SQLite they begin a deferred
# transaction; every other transaction takes the database's write lock at its start (``_sqlite_engine``).
READ_ONLY = "maintfund_read_only"


def make_engine(url: str, pool_size: int = 5) -> Engine:
    engine = _sqlite_engine(url) if url.startswith("sqlite") else _postgres_engine(url, pool_size)
    event.listen(engine, "before_cursor_execute", _count_statement)
    return engine


def read_only(engine: Engine) -> Engine:
    """The same engine and pool, for work that never writes. On PostgreSQL it runs in autocommit: at READ
    COMMITTED each statement sees its own snapshot inside a transaction too, so a read loses nothing, and
    saves the BEGIN and ROLLBACK round trips (two of a typical owner read's five, with the pool's ping).
    SQLite's reader keeps a deferred transaction (``_sqlite_engine``)."""
    if is_postgres(engine):
        return engine.execution_options(isolation_level="AUTOCOMMIT", **{READ_ONLY: True})
    return engine.execution_options(**{READ_ONLY: True})


class _TimedQueuePool(QueuePool):
    """The default pool, timing how long a checkout waits for a free connection (the bench's queue
    time at the database hop)."""

    def _do_get(self) -> Any:
        started = time.perf_counter()
        try:
            return super()._do_get()
        finally:
            DB_POOL_WAIT.observe(time.perf_counter() - started)


def _postgres_engine(url: str, pool_size: int) -> Engine:
    engine = create_engine(
        url, poolclass=_TimedQueuePool, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800
    )

    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        _ping_if_the_server_spoke(engine.dialect, dbapi_connection)

    event.listen(engine, "checkout", on_checkout)
    return engine


def _ping_if_the_server_spoke(dialect: Dialect, dbapi_connection: Any) -> None:
    """SQLAlchemy's pre-ping, sent only when it can fail: a connection killed by a database crash,
    restart or failover is replaced before a request uses it (tests/reliability:
    test_postgres_crash_under_load), without a round trip on every checkout.

    An idle PostgreSQL connection receives nothing until it sends, unless the server went away (it
    closes the socket or sends its termination notice first) or, rarely, reports a changed setting. So
    the socket is polled without waiting, and only a socket with something to read, or a connection the
    driver already knows is closed, gets the real ping. A failing ping invalidates every older connection
    of the pool, as pre-ping does. Given up against pre-ping: if the server's host vanished without
    closing its connections and another host now answers for its address with a reset, the first
    statement on an old connection fails instead of a ping (SQLAlchemy then invalidates the pool); a
    peer that answers nothing at all holds a ping and a statement alike until TCP gives up."""
    if not (dbapi_connection.closed or dbapi_connection.broken):
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN)  # hang-ups and errors always count
        if not poller.poll(0):
            return
    try:
        dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error as error:
        raise InvalidatePoolError() from error


def _sqlite_engine(url: str) -> Engine:
    """SQLite with the guarantees the code relies on PostgreSQL's row locks for.

    SQLite has no ``SELECT … FOR UPDATE``, and the sqlite3 driver on its own starts a transaction only
    at the first write, after the reads that decided it: two payments could both read an order as
    PENDING. So, after SQLAlchemy's documented recipe, the driver's own BEGIN is switched off and each
    transaction that may write starts with ``BEGIN IMMEDIATE``: it holds the database's single write
    lock from its first read to its commit, so every read-check-write is atomic (writers queue for up
    to the busy timeout; WAL lets readers go on meanwhile). Read-only connections begin deferred.
    """
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver emits no BEGIN; _begin below does
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

    return engine


def is_postgres(bind: Engine | Connection | Session) -> bool:
    """Do statements on ``bind`` (an engine, or a repository's executor of either kind) go to PostgreSQL?"""
    target = bind.get_bind() if isinstance(bind, Session) else bind
    return target.dialect.name == "postgresql"


LIKE_ESCAPE = "/"


def like_contains(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its wildcards taken literally (escape ``LIKE_ESCAPE``)."""
    escaped = text.replace(LIKE_ESCAPE, 2 * LIKE_ESCAPE).replace("%", LIKE_ESCAPE + "%")
    return "%" + escaped.replace("_", LIKE_ESCAPE + "_") + "%"


def ping(engine: Engine) -> bool:
    """Readiness: can we run a statement now?"""
    try:
        with read_only(engine).connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


# PostgreSQL NOTIFY channel on which a commit that wrote to the outbox wakes the relay (see
# maintfund_common.migrations.create_outbox_wakeup_trigger and messaging.OutboxWakeup).
OUTBOX_WAKEUP_CHANNEL = "maintfund_outbox"


def outbox_table(metadata: MetaData) -> Table:
    """Events waiting for the relay, written in the same transaction as the state change."""
    return Table(
        "outbox",
        metadata,
        Column("id", BigIntPK, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", JSON, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("published_at", UtcDateTime(), nullable=True),
        Index(
            "ix_outbox_unpublished",
            "id",
            postgresql_where=text("published_at IS NULL"),
            sqlite_where=text("published_at IS NULL"),
        ),
    )


def inbox_table(metadata: MetaData) -> Table:
    """Events already applied by this service's consumer: a redelivery finds its id here."""
    return Table(
        "inbox",
        metadata,
        Column("event_id", String(36), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("received_at", UtcDateTime(), nullable=False),
    )


R = TypeVar("R")  # a service's repository (its adapters), built over one session

# What a repository runs its statements on: a unit of work's ORM session, or a read's bare connection
# (a read needs no session: setting one up cost more CPU than an owner read's own statements, profiled).
Executor = Session | Connection


class Database(Generic[R]):
    """One engine (one pool) per process; ``reader`` is that engine for work that never writes.

    ``repositories(session)`` builds the service's repository (the one place its SQL lives): a unit of
    work carries it as ``uow.repo``, and ``reading()`` gives one over a read, so that use cases talk to
    repositories and a unit of work only (services/README.md)."""

    def __init__(
        self,
        url: str,
        metadata: MetaData,
        pool_size: int = 5,
        repositories: Callable[[Executor], R] | None = None,
    ) -> None:
        self.url = url
        self.metadata = metadata
        self.repositories = repositories
        self.engine = make_engine(url, pool_size)
        self.reader = read_only(self.engine)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self.outbox = metadata.tables["outbox"]
        self.audit_log = metadata.tables.get("audit_log")  # maintfund_common.audit

    def unit_of_work(self) -> UnitOfWork[R]:
        return UnitOfWork(self.session_factory, self.outbox, self.audit_log, self.repositories)

    @contextmanager
    def reading(self) -> Iterator[R]:
        """The repository over a read that never writes, on one pooled connection that is rolled back
        and returned at the end (the bare connection for a service without a repository)."""
        with self.reader.connect() as connection:
            yield self.repositories(connection) if self.repositories else connection  # type: ignore[misc]

    def dispose(self) -> None:
        self.engine.dispose()


class UnitOfWork(Generic[R]):
    """A transaction: state changes and the events they cause commit together or not at all.

    Its reads are part of it: rows read ``with_for_update`` stay locked until it ends (on SQLite the
    whole database's write lock is held from its start, see ``_sqlite_engine``).

    ``with db.unit_of_work() as uow: ...; uow.commit()``: leaving the block without commit rolls back.
    ``uow.repo`` is the service's repository over this transaction's session.
    """

    def __init__(
        self,
        session_factory: Callable[[], Session],
        outbox: Table,
        audit_log: Table | None = None,
        repositories: Callable[[Session], R] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._outbox = outbox
        self._audit_log = audit_log
        self._repositories = repositories
        self.session: Session
        self.repo: R

    def __enter__(self) -> UnitOfWork[R]:
        self.session = self._session_factory()
        if self._repositories is not None:
            self.repo = self._repositories(self.session)
        return self

    def __exit__(self, *exc: object) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def audit_table(self) -> Table:
        """This service's audit_log (write rows with ``maintfund_common.audit.record``)."""
        if self._audit_log is None:
            raise RuntimeError("this service's metadata has no audit_log table")
        return self._audit_log

    def publish(self, message: Message) -> str:
        """Queue an event for the relay in this transaction. Fills event_id and occurred_at if empty."""
        if not getattr(message, "event_id", ""):
            message.event_id = str(uuid.uuid4())
        if not getattr(message, "occurred_at", ""):
            message.occurred_at = utcnow().isoformat()
        self.session.execute(
            self._outbox.insert().values(
                event_id=message.event_id,
                event_type=message.DESCRIPTOR.full_name,
                payload=message.SerializeToString(),
                headers={"request_id": get_request_id()},
                created_at=utcnow(),
            )
        )
        return message.event_id


def insert_once(session: Session, statement: Executable) -> bool:
    """Run an INSERT that two writers may race to make (an event's handler and a lookup that learned the
    same fact): in a savepoint, so the loser's unique violation leaves its transaction usable. True when
    this call inserted the row."""
    try:
        with session.begin_nested():
            session.execute(statement)
    except IntegrityError:
        return False
    return True
