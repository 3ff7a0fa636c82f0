"""Deposit use cases for house accounts and the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from deposit.domain.access import Access
from deposit.domain.ledger import AccountState, Posting
from deposit.domain.records import HouseSummary, ReceiptState, StoredEntry
from deposit.service_layer.access import Asker, HouseAccess
from maintfund_common import audit, errors
from maintfund_common.db import UnitOfWork
from maintfund_common.text import ascii_digits

if TYPE_CHECKING:
    from deposit.adapters.deposit_repository import DepositRepository

MAX_PAGE, DEFAULT_PAGE, MAX_BATCH = 100, 20, 500


def post(uow: UnitOfWork, house_id: str, posting: Posting) -> StoredEntry:
    """Append one entry under the account's row lock. Idempotent by business number.

    Does not commit: the caller commits it together with whatever caused it (a deposit, an event).
    """
    already = uow.repo.entry_by_business_no(posting.business_no)
    if already is not None:
        if already.house_id != house_id or already.amount_fen != posting.amount_fen:
            raise errors.Conflict("业务流水号已用于另一笔记账", code="BUSINESS_NO_REUSED")
        return already
    state = uow.repo.lock_account(house_id)
    after = state.apply(posting)
    entry_id = uow.repo.append_entry(house_id, posting, after)
    return StoredEntry(
        entry_id,
        house_id,
        posting.kind,
        posting.principal_delta_fen,
        posting.interest_delta_fen,
        after.principal_fen,
        after.interest_fen,
        posting.business_no,
        posting.booked_at,
        posting.deposit_id,
        posting.summary,
    )


def house_accounts(repo: DepositRepository, house_ids: list[str]) -> list[tuple[str, AccountState]]:
    if len(house_ids) > MAX_BATCH:
        raise errors.ValidationFailed(f"一次最多查询 {MAX_BATCH} 套房屋")
    states = repo.account_states(house_ids)
    return [(h, states.get(h, AccountState())) for h in house_ids]


@dataclass(frozen=True)
class HousesPage:
    houses: list[tuple[HouseSummary, AccountState]]
    next_cursor: str
    total_bound: int
    pending_bill_count: int = 0


def account_houses(
    repo: DepositRepository,
    account_id: str,
    address_contains: str,
    requested_size: int,
    cursor: str,
    *,
    count_pending_bills: bool = False,
) -> HousesPage:
    """我的房屋 from this service's copies of the bindings and the register, with balances: one call.
    (A binding made a moment ago shows here once its HouseBound event is in; its house opens at once.)"""
    if not account_id:
        raise errors.ValidationFailed("缺少账户", field="account_id")
    if requested_size < 0 or requested_size > MAX_PAGE:
        raise errors.ValidationFailed(f"每页条数应在 1 到 {MAX_PAGE} 之间", field="limit")
    if len(cursor) > 64:
        raise errors.ValidationFailed("分页游标无效", field="cursor")
    size = requested_size or DEFAULT_PAGE
    rows, total = repo.bound_houses_page(account_id, address_contains.strip()[:100], cursor, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    pending = repo.count_pending_bills(account_id) if count_pending_bills else 0
    return HousesPage(rows, rows[-1][0].house_id if more else "", total, pending)


def account_house(
    repo: DepositRepository, access: HouseAccess, account_id: str, house_id: str
) -> tuple[HouseSummary, AccountState]:
    """One of the account's houses with its fund account (a 我要查询 grant does not open this page)."""
    asker = Asker(account_id)
    if access.may_ask_as_owner(asker, house_id):
        found = repo.bound_house_with_account(account_id, house_id)
        if found is not None:
            return found
    _, house = access.visible(repo, asker, house_id)  # without a grant: OWNER or NOT_FOUND
    return house, repo.account_states([house_id]).get(house_id, AccountState())


@dataclass(frozen=True)
class LedgerPage:
    entries: list[StoredEntry]
    next_cursor: str
    house: HouseSummary | None = None


def visible_house(
    repo: DepositRepository, access: HouseAccess, asker: Asker | None, house_id: str
) -> HouseSummary | None:
    """The house for an owner who may see it (else NOT_FOUND); for a back-office caller (``asker`` None)
    whatever this service's copy knows of it."""
    if asker is None:
        return repo.house_summary(house_id)
    granted, house = access.visible(repo, asker, house_id)
    if granted is Access.GRANTED:  # another person's house: audited
        audit.record_alone(
            access.db,
            actor_id=asker.account_id,
            actor_role=audit.OWNER,
            action="VIEW_OTHERS_LEDGER",
            target=house_id,
            outcome="OK",
        )
    return house


def ledger_page(
    repo: DepositRepository,
    access: HouseAccess,
    asker: Asker | None,
    house_id: str,
    *,
    requested_size: int,
    cursor: str,
) -> LedgerPage:
    if requested_size < 0 or requested_size > MAX_PAGE:
        raise errors.ValidationFailed(f"每页条数应在 1 到 {MAX_PAGE} 之间", field="limit")
    size = requested_size or DEFAULT_PAGE
    before: int | None = None
    if cursor:
        if not ascii_digits(cursor) or len(cursor) > 19:
            raise errors.ValidationFailed("分页游标无效", field="cursor")
        before = int(cursor)
    if asker is not None and access.may_ask_as_owner(asker, house_id):
        found = repo.bound_ledger_page(asker.account_id, house_id, before, size + 1)
        if found is not None:
            return _page(found[1], size, found[0])
    house = visible_house(repo, access, asker, house_id)
    return _page(repo.ledger_page(house_id, before, size + 1), size, house)


def _page(rows: list[StoredEntry], size: int, house: HouseSummary | None) -> LedgerPage:
    """``size`` entries at most; one more fetched says there is a next page."""
    more = len(rows) > size
    rows = rows[:size]
    return LedgerPage(rows, str(rows[-1].entry_id) if more else "", house)


def ledger_entry(
    repo: DepositRepository, access: HouseAccess, asker: Asker | None, house_id: str, entry_id: int
) -> tuple[StoredEntry, ReceiptState, HouseSummary | None]:
    if asker is not None and access.may_ask_as_owner(asker, house_id):
        owned = repo.bound_ledger_entry(asker.account_id, house_id, entry_id)
        if owned is not None:
            return owned
    house = visible_house(repo, access, asker, house_id)
    found = repo.ledger_entry(house_id, entry_id)
    if found is None:
        raise errors.NotFound("资金明细不存在")
    return (*found, house)
