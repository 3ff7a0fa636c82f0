"""Identity's copy of the register's bindings: how many houses an account has, answered in one call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maintfund.events.v1 import events_pb2
from maintfund_common.db import utcnow

if TYPE_CHECKING:
    from identity.adapters.repository import IdentityRepository
    from maintfund_common.db import UnitOfWork


def record_binding(uow: UnitOfWork[IdentityRepository], event: events_pb2.HouseBound) -> None:
    """The handler of HouseBound, and of each binding identity matching returns at login."""
    uow.repo.add_binding(event.account_id, event.house_id, utcnow())
