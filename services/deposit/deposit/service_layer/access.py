"""The deposit service decides who may see and pay a house, from its own copies (DESIGN §2).

An owner sees a house bound to the account in this service's copy of the register's bindings (kept from
HouseBound events), or one it found through 我要查询 (a grant signed by the registry). When the copy
lacks a binding (an event still on its way) the registry, which owns bindings, is asked at once and the
answer is stored through the same code path as the event, so a lagging copy never answers "not found".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deposit.domain.access import Access
from deposit.domain.records import HouseSummary
from deposit.service_layer import copies
from maintfund.events.v1 import events_pb2
from maintfund_common import errors, house_grants
from maintfund_common.db import Database

if TYPE_CHECKING:
    from deposit.adapters.deposit_repository import DepositRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asker:
    """Who is asking: an owner's account with, for someone else's house, its 我要查询 grant."""

    account_id: str
    grant: str = ""


@dataclass(frozen=True)
class RegistryLookups:
    """The registry's answers this service needs when its copies lack a fact (plain functions)."""

    # (account_id, house_id) -> the registry binds the house to the account
    is_bound: Callable[[str, str], bool] = lambda _account_id, _house_id: False
    # house_id -> the house's facts as a HouseRegistered event would carry them, or None
    house_facts: Callable[[str], events_pb2.HouseRegistered | None] = lambda _house_id: None


@dataclass(frozen=True)
class HouseAccess:
    db: Database
    grant_key: bytes
    registry: RegistryLookups = RegistryLookups()

    def check(self, repo: DepositRepository, asker: Asker, house_id: str) -> Access:
        """OWNER or GRANTED; anything else is the NOT_FOUND a missing house gets (and is logged)."""
        account_id = asker.account_id
        if account_id and 0 < len(house_id) <= 64:
            if repo.is_bound(account_id, house_id):
                return Access.OWNER
            if house_grants.allows(self.grant_key, asker.grant, account_id, house_id):
                return Access.GRANTED
            if self.registry.is_bound(account_id, house_id):
                self._learn_binding(account_id, house_id)
                return Access.OWNER
        log.warning("house not visible to the asking account", extra={"house_id": house_id[:64]})
        raise errors.NotFound("房屋不存在")

    @staticmethod
    def may_ask_as_owner(asker: Asker, house_id: str) -> bool:
        """Whether a read may first try the owner's way: one statement that answers only for a house the
        copy binds to the asking account (anything else then goes through ``visible``)."""
        return bool(asker.account_id) and 0 < len(house_id) <= 64

    def visible(self, repo: DepositRepository, asker: Asker, house_id: str) -> tuple[Access, HouseSummary]:
        """``check`` and ``summary`` together; the common case (an owner's bound house) is one query."""
        if self.may_ask_as_owner(asker, house_id):
            found = repo.bound_house_summary(asker.account_id, house_id)
            if found is not None:
                return Access.OWNER, found
        return self.check(repo, asker, house_id), self.summary(repo, house_id)

    def summary(self, repo: DepositRepository, house_id: str) -> HouseSummary:
        """The house's facts from this service's copy, or from the registry when the copy lacks them."""
        found = repo.house_summary(house_id)
        if found is not None:
            return found
        event = self.registry.house_facts(house_id)
        if event is None:
            raise errors.NotFound("房屋不存在")
        with self.db.unit_of_work() as uow:
            copies.record_house_facts(uow, event)
            uow.commit()
        return copies.summary_of(event)

    def _learn_binding(self, account_id: str, house_id: str) -> None:
        with self.db.unit_of_work() as uow:
            copies.record_binding(uow, events_pb2.HouseBound(account_id=account_id, house_id=house_id))
            uow.commit()
        log.info("binding learned from the registry ahead of its event", extra={"house_id": house_id})
