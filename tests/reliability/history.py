"""A history checker for the message path: every committed fact against every applied effect.

The producer side commits a business fact (``rel_facts``) and its event (the outbox) in one
transaction; the consumer side's handler writes an effect row (``rel_effects``) in the same
transaction as its inbox row. ``rel_effects`` deliberately has no unique constraint, so an event
applied twice shows up as two rows. ``rel_absorbed`` counts the deliveries the inbox recognised as
already applied (the consumer's ``duplicate`` outcome).

The checker reports facts whose event was confirmed by the broker but never applied (lost), events
applied more than once (duplicate side effects) and, per aggregate, effects applied in another order
than their facts were committed (out of order; at-least-once delivery with redelivery does not promise
order, so this figure is reported, not required to be zero).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from sqlalchemy import Column, Integer, MetaData, String, Table, func, select
from sqlalchemy.engine import Engine

from maintfund_common.db import BigIntPK, UtcDateTime, inbox_table, new_metadata, outbox_table, utcnow

metadata: MetaData = new_metadata()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
facts = Table(
    "rel_facts",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("aggregate_id", String(36), nullable=False),
    Column("seq", Integer, nullable=False),
)
effects = Table(
    "rel_effects",
    metadata,
    Column("id", BigIntPK, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False),  # no unique constraint: a second effect must show
    Column("aggregate_id", String(36), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("applied_at", UtcDateTime(), nullable=False),
)
absorbed = Table(
    "rel_absorbed",
    metadata,
    Column("id", BigIntPK, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False),
)

EVENT_TYPE = "maintfund.events.v1.HouseRegistered"


def make_event(aggregate_id: str, seq: int):  # -> events_pb2.HouseRegistered
    """The test's business fact rides on a real event type the deposit queue is subscribed to."""
    from maintfund.events.v1 import events_pb2

    return events_pb2.HouseRegistered(
        house_id=aggregate_id,
        district_code="110105",
        area_m2="88.00",
        property_kind="COMMODITY",
        storey_class="HIGH_RISE",
        address=f"seq={seq}",
    )


def record_effect(uow, message) -> None:  # the consumer's test-only handler
    uow.session.execute(
        effects.insert().values(
            event_id=message.event_id,
            aggregate_id=message.house_id,
            seq=int(message.address.removeprefix("seq=")),
            applied_at=utcnow(),
        )
    )


@dataclass
class Report:
    facts: int = 0
    confirmed: int = 0  # facts whose outbox row the relay marked published (broker confirmed)
    effects: int = 0
    lost: list[str] = field(default_factory=list)  # confirmed facts with no effect
    unrelayed: list[str] = field(default_factory=list)  # facts still waiting in the outbox
    duplicated: list[str] = field(default_factory=list)  # events with more than one effect
    phantom: list[str] = field(default_factory=list)  # effects without a committed fact
    out_of_order: int = 0
    absorbed: int = 0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.unrelayed or self.duplicated or self.phantom)

    def summary(self) -> str:
        return (
            f"facts {self.facts}, confirmed {self.confirmed}, effects {self.effects}; "
            f"lost confirmed messages {len(self.lost)}, unrelayed {len(self.unrelayed)}, "
            f"duplicate side effects {len(self.duplicated)}, phantom effects {len(self.phantom)}, "
            f"duplicates absorbed by inbox {self.absorbed}, out-of-order effects {self.out_of_order}"
        )


def check(producer: Engine, consumer: Engine) -> Report:
    with producer.connect() as conn:
        fact_rows = conn.execute(select(facts.c.event_id, facts.c.aggregate_id, facts.c.seq)).all()
        published = {
            r.event_id: r.published_at is not None
            for r in conn.execute(select(outbox.c.event_id, outbox.c.published_at))
        }
    with consumer.connect() as conn:
        effect_rows = conn.execute(
            select(effects.c.event_id, effects.c.aggregate_id, effects.c.seq).order_by(effects.c.id)
        ).all()
        report = Report(absorbed=conn.execute(select(func.count()).select_from(absorbed)).scalar_one())
    report.facts = len(fact_rows)
    report.effects = len(effect_rows)
    applied = collections.Counter(r.event_id for r in effect_rows)
    known = set()
    for row in fact_rows:
        known.add(row.event_id)
        if published.get(row.event_id):
            report.confirmed += 1
            if not applied[row.event_id]:
                report.lost.append(row.event_id)
        elif not applied[row.event_id]:
            report.unrelayed.append(row.event_id)
    report.duplicated = sorted(e for e, n in applied.items() if n > 1)
    report.phantom = sorted(e for e in applied if e not in known)
    last_seq: dict[str, int] = {}
    for row in effect_rows:
        if row.seq < last_seq.get(row.aggregate_id, -1):
            report.out_of_order += 1
        last_seq[row.aggregate_id] = max(row.seq, last_seq.get(row.aggregate_id, -1))
    return report
