"""Re-encrypt personal data under the active key (DESIGN §8: keys rotate, old ciphertext still reads).

Each service names its encrypted columns as ``EncryptedColumns`` (table, primary key, column -> context);
``rotate`` walks the table in primary-key order, in batches, one transaction per batch, and rewrites only
the tokens whose key id is not the active one. Running it again finds nothing to do (idempotent); an
interrupted run resumes safely. Blind indexes use the separate index key, so they never change here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Engine

from maintfund_common.field_crypto import KeyRing

DEFAULT_BATCH = 500


@dataclass(frozen=True)
class EncryptedColumns:
    """The encrypted columns of one table: column name -> field_crypto context (associated data)."""

    table: Table
    primary_key: str
    columns: Mapping[str, str]


@dataclass
class RotationCounts:
    """What a run did, per table: rows read, rows rewritten, tokens re-encrypted."""

    scanned: dict[str, int] = field(default_factory=dict)
    rows_updated: dict[str, int] = field(default_factory=dict)
    tokens_reencrypted: dict[str, int] = field(default_factory=dict)

    def lines(self, service: str, active_key_id: str) -> list[str]:
        return [
            f"{service}: {name}: scanned {self.scanned[name]} rows, re-encrypted "
            f"{self.tokens_reencrypted[name]} fields in {self.rows_updated[name]} rows "
            f"(active key {active_key_id})"
            for name in self.scanned
        ]


def rotate(
    engine: Engine, keyring: KeyRing, specs: Sequence[EncryptedColumns], batch_size: int = DEFAULT_BATCH
) -> RotationCounts:
    counts = RotationCounts()
    for spec in specs:
        name = spec.table.name
        counts.scanned[name] = counts.rows_updated[name] = counts.tokens_reencrypted[name] = 0
        pk = spec.table.c[spec.primary_key]
        cols = [spec.table.c[c] for c in spec.columns]
        last = None
        while True:
            with engine.begin() as conn:
                query = select(pk, *cols).order_by(pk).limit(batch_size)
                if last is not None:
                    query = query.where(pk > last)
                # FOR UPDATE: a concurrent writer cannot slip an old-key token between read and write.
                if engine.dialect.name == "postgresql":
                    query = query.with_for_update()
                rows = conn.execute(query).all()
                for row in rows:
                    values = {}
                    for column, context in spec.columns.items():
                        token = row._mapping[column]
                        if token is not None and keyring.needs_rotation(token):
                            values[column] = keyring.reencrypt(token, context)
                    if values:
                        conn.execute(update(spec.table).where(pk == row[0]).values(**values))
                        counts.rows_updated[name] += 1
                        counts.tokens_reencrypted[name] += len(values)
                counts.scanned[name] += len(rows)
            if len(rows) < batch_size:
                break
            last = rows[-1][0]
    return counts
