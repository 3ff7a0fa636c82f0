"""Whose receipts these are: the payer's, and those of the accounts the deposit's house is bound to.

The bindings are the register's: this service keeps a copy from HouseBound events and, when the copy
lacks one (its event still on the way), asks the registry and keeps the answer through the event's code
path (DESIGN §2: a copy that lags never answers "not found"). The registry is never asked under a lock:
write paths decide access in a read first (``binds``), then take their locks with ``binds_in_copy``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from invoice.service_layer.ports import BindingLookup
from maintfund.events.v1 import events_pb2
from maintfund_common.db import utcnow

if TYPE_CHECKING:
    from invoice.adapters.repository import InvoiceRepository
    from maintfund_common.db import Database, UnitOfWork

log = logging.getLogger(__name__)
Binds = Callable[[str], bool]  # house_id -> bound to the asking account


def record_binding(uow: UnitOfWork[InvoiceRepository], event: events_pb2.HouseBound) -> None:
    """The handler of HouseBound (and of a binding learned from the registry)."""
    uow.repo.add_binding(event.account_id, event.house_id, utcnow())


def _no_registry(_account_id: str, _house_id: str) -> bool:
    return False


@dataclass(frozen=True)
class Bindings:
    db: Database[InvoiceRepository]
    registry_is_bound: BindingLookup = _no_registry

    def binds_in_copy(self, repo: InvoiceRepository, account_id: str) -> Binds:
        """The copy only (``repo`` may be a unit of work's, under its locks: no remote call)."""
        return lambda house_id: bool(account_id) and repo.is_bound(account_id, house_id)

    def binds(self, repo: InvoiceRepository, account_id: str) -> Binds:
        """The copy, then the registry (outside any lock: ``repo`` must be a read's)."""

        def bound(house_id: str) -> bool:
            if not account_id:
                return False
            if repo.is_bound(account_id, house_id):
                return True
            if not self.registry_is_bound(account_id, house_id):
                return False
            with self.db.unit_of_work() as uow:
                record_binding(uow, events_pb2.HouseBound(account_id=account_id, house_id=house_id))
                uow.commit()
            log.info("binding learned from the registry ahead of its event", extra={"house_id": house_id})
            return True

        return bound
