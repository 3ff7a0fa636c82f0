"""The copy of the register's bindings (HouseBound): the accounts told about a house's events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maintfund.events.v1 import events_pb2
from maintfund_common.db import utcnow

if TYPE_CHECKING:
    from maintfund_common.db import UnitOfWork
    from notification.adapters.repository import NotificationRepository


def record_binding(uow: UnitOfWork[NotificationRepository], event: events_pb2.HouseBound) -> None:
    """The handler of HouseBound (and of a binding added by reconcile-copies)."""
    uow.repo.add_binding(event.account_id, event.house_id, utcnow())
