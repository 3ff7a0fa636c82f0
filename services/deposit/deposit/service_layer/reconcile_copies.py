"""reconcile-copies: this service's copies of registry's facts (houses, bindings) checked against registry.

An event that was dead-lettered, or a row lost or edited by hand, leaves a copy different from its source
for ever; nothing else would notice. This pages through the source (keyset pages from registry), compares
each page with the copy and repairs every difference through the event's own handler in a unit of work,
so the copy's rules hold exactly as for an event. Bindings are only added, never removed: registry never
unbinds, and a binding the copy lacks only sends a reader to registry (DESIGN §2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from deposit.adapters import repository
from deposit.service_layer import copies
from maintfund.events.v1 import events_pb2
from maintfund_common.db import Database, session_scope

T = TypeVar("T")


@dataclass(frozen=True)
class SourcePage(Generic[T]):
    items: list[T]
    next_token: str  # empty after the last page


# page token -> one page of the source, as the events that would have brought it
HousePages = Callable[[str], SourcePage[events_pb2.HouseRegistered]]
BindingPages = Callable[[str], SourcePage[events_pb2.HouseBound]]


@dataclass(frozen=True)
class CopySources:
    houses: HousePages
    bindings: BindingPages


@dataclass
class CopyReport:
    copy: str
    checked: int = 0
    missing: int = 0
    different: int = 0

    @property
    def repaired(self) -> int:
        return self.missing + self.different

    def line(self) -> str:
        return (
            f"{self.copy}: checked {self.checked}, repaired {self.repaired} "
            f"(missing {self.missing}, different {self.different})"
        )


def _facts(event: events_pb2.HouseRegistered) -> tuple:
    return (
        event.district_code,
        event.address,
        Decimal(event.area_m2).quantize(Decimal("0.01")),
        event.property_kind,
        event.storey_class,
        event.deposits_blocked,
        event.contract_no,
        event.cert_no,
        event.needs_refund,
    )


def reconcile_house_facts(db: Database, pages: HousePages) -> CopyReport:
    report = CopyReport("house_facts")
    token = ""
    while True:
        page = pages(token)
        with session_scope(db) as session:
            local = repository.house_facts_by_id(session, [e.house_id for e in page.items])
        repairs = []
        for event in page.items:
            report.checked += 1
            row = local.get(event.house_id)
            if row is None:
                report.missing += 1
            elif row != _facts(event):
                report.different += 1
            else:
                continue
            repairs.append(event)
        _repair(db, copies.record_house_facts, repairs)
        token = page.next_token
        if not token:
            return report


def reconcile_bindings(db: Database, pages: BindingPages) -> CopyReport:
    report = CopyReport("account_houses")
    token = ""
    while True:
        page = pages(token)
        pairs = [(e.account_id, e.house_id) for e in page.items]
        with session_scope(db) as session:
            local = repository.bindings_among(session, pairs)
        missing = [e for e in page.items if (e.account_id, e.house_id) not in local]
        report.checked += len(pairs)
        report.missing += len(missing)
        _repair(db, copies.record_binding, missing)
        token = page.next_token
        if not token:
            return report


def _repair(db: Database, handler: Callable, events: list) -> None:
    """One transaction per page, through the consumer's handler (no inbox row: these are not events)."""
    if not events:
        return
    with db.unit_of_work() as uow:
        for event in events:
            handler(uow, event)
        uow.commit()


def reconcile_all(db: Database, sources: CopySources) -> list[CopyReport]:
    return [reconcile_house_facts(db, sources.houses), reconcile_bindings(db, sources.bindings)]
