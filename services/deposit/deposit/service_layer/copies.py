"""This service's copies of the register's facts (houses, bindings), kept from registry's events and,
when a copy lacks a fact, from the registry's answer (``service_layer.access``): one code path for both."""

from __future__ import annotations

from decimal import Decimal

from deposit.domain.records import HouseSummary
from maintfund.events.v1 import events_pb2
from maintfund_common.db import UnitOfWork, utcnow


def record_binding(uow: UnitOfWork, event: events_pb2.HouseBound) -> None:
    """Keep this service's copy of the register's bindings (consumer of HouseBound)."""
    uow.repo.add_binding(event.account_id, event.house_id, utcnow())


def record_house_facts(uow: UnitOfWork, event: events_pb2.HouseRegistered) -> None:
    """Keep this service's copy of the register's facts (consumer of HouseRegistered)."""
    uow.repo.upsert_house_facts(
        {
            "house_id": event.house_id,
            "district_code": event.district_code,
            "address": event.address,
            "area_m2": Decimal(event.area_m2),
            "property_kind": event.property_kind,
            "storey_class": event.storey_class,
            "deposits_blocked": event.deposits_blocked,
            "contract_no": event.contract_no or None,
            "cert_no": event.cert_no or None,
            "needs_refund": event.needs_refund,
            "updated_at": utcnow(),
        },
    )


def summary_of(event: events_pb2.HouseRegistered) -> HouseSummary:
    return HouseSummary(
        event.house_id,
        event.district_code,
        event.address,
        f"{Decimal(event.area_m2):.2f}",
        event.property_kind,
        event.storey_class,
        event.deposits_blocked,
        event.contract_no,
        event.cert_no,
        event.needs_refund,
    )
