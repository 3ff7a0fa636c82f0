"""Bulk loading for seeders (DESIGN §7: set-based SQL for batch work).

On PostgreSQL rows go in through ``COPY ... FROM STDIN`` (psycopg 3), and an empty table's secondary
indexes and unique constraints are dropped before the load and rebuilt after it (one sorted build is
much faster than millions of random B-tree inserts). Everything runs in the caller's transaction, so a
failed load leaves nothing behind. Elsewhere (SQLite) rows go in as batched Core inserts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, insert, text

from maintfund_common.db import is_postgres


def tune_for_bulk_load(conn: Connection) -> None:
    """Per-transaction settings that make a large load and the index rebuilds faster."""
    if is_postgres(conn):
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        conn.execute(text("SET LOCAL synchronous_commit = off"))


def load_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]], batch: int = 5000
) -> int:
    """Insert ``rows`` (tuples in ``columns`` order): COPY on PostgreSQL, batched Core inserts elsewhere."""
    count = 0
    if is_postgres(conn):
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    iterator = iter(rows)
    while chunk := list(islice(iterator, batch)):
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in chunk])
        count += len(chunk)
    return count


_SECONDARY_INDEXES = """
SELECT i.relname AS index_name, pg_get_indexdef(i.oid) AS index_def,
       c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint_def
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = x.indrelid
WHERE x.indrelid = CAST(:table AS regclass) AND NOT x.indisprimary
"""


@contextmanager
def deferred_indexes(conn: Connection, *tables: Table) -> Iterator[None]:
    """Drop the secondary indexes of the given tables while the block loads them; rebuild them after.

    Only empty tables are touched (an index on existing rows is kept as it is); primary keys stay, so
    foreign keys keep working. The rebuilt indexes have the same names and definitions.
    """
    if not is_postgres(conn):
        yield
        return
    saved: list[tuple[str, str, str | None, str | None]] = []
    for table in tables:
        probe = f'SELECT 1 FROM "{table.name}" LIMIT 1'  # noqa: S608 - a table of our own metadata
        if conn.execute(text(probe)).first() is not None:
            continue
        for row in conn.execute(text(_SECONDARY_INDEXES), {"table": table.name}):
            saved.append(
                (table.name, row.index_name, row.constraint_name, row.constraint_def or row.index_def)
            )
            if row.constraint_name:
                conn.execute(text(f'ALTER TABLE "{table.name}" DROP CONSTRAINT "{row.constraint_name}"'))
            else:
                conn.execute(text(f'DROP INDEX "{row.index_name}"'))
    yield
    for table_name, _index_name, constraint_name, definition in saved:
        if constraint_name:
            conn.execute(text(f'ALTER TABLE "{table_name}" ADD CONSTRAINT "{constraint_name}" {definition}'))
        else:
            conn.execute(text(definition))
    for table in tables:
        conn.execute(text(f'ANALYZE "{table.name}"'))
