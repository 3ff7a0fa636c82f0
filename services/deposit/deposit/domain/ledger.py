"""The house ledger (分户账): an append-only list of postings whose running sums are the balances.

Principal (本金) and interest/value added (增值) are kept apart. Every posting carries the business
number of the fact that caused it; the store makes each business number post at most once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from maintfund_common import errors


class EntryKind(enum.StrEnum):
    FIRST_DEPOSIT = "FIRST_DEPOSIT"  # 首次交存
    TOP_UP = "TOP_UP"  # 补交
    REPLENISHMENT = "REPLENISHMENT"  # 续筹
    INTEREST = "INTEREST"  # 增值
    APPORTIONMENT = "APPORTIONMENT"  # 使用分摊
    REFUND = "REFUND"  # 退款

    @property
    def is_deposit(self) -> bool:
        return self in (EntryKind.FIRST_DEPOSIT, EntryKind.TOP_UP, EntryKind.REPLENISHMENT)

    @property
    def is_withdrawal(self) -> bool:
        return self in (EntryKind.APPORTIONMENT, EntryKind.REFUND)


ENTRY_KIND_LABELS = {
    EntryKind.FIRST_DEPOSIT: "首次交存",
    EntryKind.TOP_UP: "补交",
    EntryKind.REPLENISHMENT: "续筹",
    EntryKind.INTEREST: "增值",
    EntryKind.APPORTIONMENT: "使用分摊",
    EntryKind.REFUND: "退款",
}


@dataclass(frozen=True)
class Posting:
    """A request to change a house account, before it is booked."""

    kind: EntryKind
    principal_delta_fen: int
    interest_delta_fen: int
    business_no: str
    booked_at: datetime
    deposit_id: str = ""
    summary: str = ""

    @property
    def amount_fen(self) -> int:
        return self.principal_delta_fen + self.interest_delta_fen


@dataclass(frozen=True)
class AccountState:
    principal_fen: int = 0
    interest_fen: int = 0
    first_deposit_fen: int = 0

    @property
    def balance_fen(self) -> int:
        return self.principal_fen + self.interest_fen

    def apply(self, posting: Posting) -> AccountState:
        """The state after ``posting``; refuses postings that break the ledger's rules."""
        check_posting(posting)
        after = AccountState(
            principal_fen=self.principal_fen + posting.principal_delta_fen,
            interest_fen=self.interest_fen + posting.interest_delta_fen,
            first_deposit_fen=self.first_deposit_fen
            + (posting.principal_delta_fen if posting.kind is EntryKind.FIRST_DEPOSIT else 0),
        )
        if after.principal_fen < 0 or after.interest_fen < 0:
            raise errors.Conflict("余额不足，不能支取", code="INSUFFICIENT_BALANCE")
        return after


def check_posting(posting: Posting) -> None:
    if not posting.business_no or len(posting.business_no) > 40:
        raise errors.ValidationFailed("业务流水号无效", field="business_no")
    p, i = posting.principal_delta_fen, posting.interest_delta_fen
    if posting.kind.is_deposit:
        ok = p > 0 and i == 0
    elif posting.kind is EntryKind.INTEREST:
        ok = p == 0 and i > 0
    else:
        ok = p <= 0 and i <= 0 and p + i < 0
    if not ok:
        raise errors.ValidationFailed(f"{posting.kind.value} posting with deltas ({p}, {i}) is not allowed")


def withdrawal(state: AccountState, amount_fen: int) -> tuple[int, int]:
    """Split a withdrawal into (principal, interest) deltas: value added is spent before principal."""
    if amount_fen <= 0:
        raise errors.ValidationFailed("支取金额必须大于0")
    if amount_fen > state.balance_fen:
        raise errors.Conflict("余额不足，不能支取", code="INSUFFICIENT_BALANCE")
    from_interest = min(amount_fen, state.interest_fen)
    return -(amount_fen - from_interest), -from_interest


def interest_share(state: AccountState, rate_bp: int) -> int:
    """A house's share of an interest allocation: its balance × the period's rate (basis points), in whole
    fen, rounded down (the fraction stays with the fund's pooled account)."""
    if rate_bp <= 0:
        raise errors.ValidationFailed("分配利率必须大于0", field="rate_bp")
    return state.balance_fen * rate_bp // 10_000 if state.balance_fen > 0 else 0
