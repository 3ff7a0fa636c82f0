"""The database pool and reads on PostgreSQL: the time a request waits for a free connection is measured
(the bench's queue time at this hop), a read costs no transaction round trips, and a checkout pings the
server only when the connection's socket says the server went away."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from maintfund_common.db import make_engine
from tests.conftest import DB_PREFIX, recreate_database

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def url() -> str:
    return recreate_database(f"{DB_PREFIX}pooltest")


@pytest.fixture()
def engine(url: str) -> Iterator[Engine]:
    engine = make_engine(url, pool_size=1)
    yield engine
    engine.dispose()


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_the_wait_for_a_free_connection_is_measured(engine: Engine) -> None:
    def observed() -> tuple[float, float]:
        name = "maintfund_db_pool_wait_seconds"
        total = REGISTRY.get_sample_value(f"{name}_sum") or 0.0
        return total, REGISTRY.get_sample_value(f"{name}_count") or 0.0

    held = threading.Event()

    def hold_both() -> None:  # pool_size 1 + overflow 1: two connections in all
        with engine.connect(), engine.connect():
            held.set()
            time.sleep(0.3)

    holder = threading.Thread(target=hold_both)
    holder.start()
    held.wait(5)
    total, count = observed()
    _backend_pid(engine)
    holder.join()
    new_total, new_count = observed()
    assert new_count == count + 1
    assert 0.2 <= new_total - total < 2.0


def _observer(url: str) -> Engine:
    """An engine of its own, outside the pool under test, for looking at (and closing) its backends."""
    return create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")


def _backend_activity(url: str, pid: int) -> tuple[object, str] | None:
    """The backend's last state change and query, seen from a connection of its own (pg_stat_activity)."""
    observer = _observer(url)
    with observer.connect() as conn:
        row = conn.execute(
            text("SELECT state_change, query FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        ).first()
    observer.dispose()
    return (row[0], row[1]) if row else None


def _terminate(url: str, pids: set[int]) -> None:
    """Close the given backends from the server's side (as a restart or failover does), and wait until
    they are gone."""
    observer = _observer(url)
    with observer.connect() as conn:
        for pid in pids:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        deadline = time.monotonic() + 10
        while conn.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:pids)"), {"pids": list(pids)}
        ).scalar_one():
            assert time.monotonic() < deadline, "the terminated backends did not go away"
            time.sleep(0.02)
    observer.dispose()


def test_a_checkout_of_a_live_connection_sends_nothing(url: str, engine: Engine) -> None:
    """No round trip per checkout: the pooled connection's backend does no work between two requests
    (SQLAlchemy's pre-ping would have run SELECT 1 there)."""
    pid = _backend_pid(engine)
    before = _backend_activity(url, pid)
    time.sleep(0.05)
    with engine.connect():
        pass
    with engine.connect() as conn:
        assert conn.connection.dbapi_connection.info.backend_pid == pid  # the same pooled connection
    assert _backend_activity(url, pid) == before


def test_connections_the_server_closed_are_replaced_before_a_request_uses_them(url: str) -> None:
    """Every pooled connection closed by the server (a restart, a failover, an administrator): the next
    requests succeed on new connections instead of failing on the dead ones."""
    engine = make_engine(url, pool_size=2)
    try:
        with engine.connect() as first, engine.connect() as second:  # two connections in the pool
            pids = {int(c.execute(text("SELECT pg_backend_pid()")).scalar_one()) for c in (first, second)}
        assert len(pids) == 2
        _terminate(url, pids)
        after = {_backend_pid(engine) for _ in range(3)}
        assert after and not after & pids
    finally:
        engine.dispose()


def test_a_read_opens_no_transaction(url: str) -> None:
    """Reads run in autocommit on PostgreSQL (no BEGIN, no ROLLBACK round trip); a unit of work is a
    transaction."""
    from psycopg.pq import TransactionStatus
    from sqlalchemy import MetaData

    from maintfund_common.db import Database, outbox_table

    metadata = MetaData()
    outbox_table(metadata)
    db = Database(url, metadata)
    try:
        with db.reading() as connection:
            connection.execute(text("SELECT 1"))
            dbapi = connection.connection.dbapi_connection
            assert dbapi.info.transaction_status is TransactionStatus.IDLE
        with db.unit_of_work() as uow:
            uow.session.execute(text("SELECT 1"))
            dbapi = uow.session.connection().connection.dbapi_connection
            assert dbapi.info.transaction_status is TransactionStatus.INTRANS
    finally:
        db.dispose()


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_an_address_filter_takes_wildcards_literally(url: str, backend: str, tmp_path) -> None:
    """我的房屋's address filter (deposit's and registry's repositories): %, _ and the escape character
    typed by an owner match themselves, on both databases, through a repository's executor of either kind."""
    from sqlalchemy import Column, MetaData, String, Table, insert, select

    from maintfund_common.db import LIKE_ESCAPE, Database, is_postgres, like_contains, outbox_table

    metadata = MetaData()
    outbox_table(metadata)
    places = Table("like_places", metadata, Column("address", String(100), primary_key=True))
    db = Database(url if backend == "postgresql" else f"sqlite:///{tmp_path}/like.db", metadata)
    try:
        metadata.drop_all(db.engine)
        metadata.create_all(db.engine)
        addresses = ["测试路1%号", "测试路1_号", "测试路1/号", "测试路12号", "测试路1号"]
        with db.engine.begin() as conn:
            conn.execute(insert(places), [{"address": a} for a in addresses])

        def matching(typed: str) -> set[str]:
            query = select(places.c.address).where(
                places.c.address.like(like_contains(typed), escape=LIKE_ESCAPE)
            )
            with db.reading() as connection:
                assert is_postgres(connection) is (backend == "postgresql")
                return set(connection.execute(query).scalars())

        assert matching("1%") == {"测试路1%号"}
        assert matching("1_") == {"测试路1_号"}
        assert matching("1/") == {"测试路1/号"}
        assert matching("路1") == set(addresses)
        with db.unit_of_work() as uow:
            assert is_postgres(uow.session) is (backend == "postgresql")
    finally:
        metadata.drop_all(db.engine)
        db.dispose()
