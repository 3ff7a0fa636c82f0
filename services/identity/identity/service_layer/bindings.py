"""Identity's copy of the register's bindings: how many houses an account has, answered in one call."""

from __future__ import annotations

from identity.adapters import bindings_repository as repo
from maintfund.events.v1 import events_pb2
from maintfund_common.db import UnitOfWork, utcnow


def record_binding(uow: UnitOfWork, event: events_pb2.HouseBound) -> None:
    """The handler of HouseBound, and of each binding identity matching returns at login."""
    repo.add_binding(uow.session, event.account_id, event.house_id, utcnow())
