"""The annual statement (年度结存单) of a house account: the year's movements between two balances.

A year is a Beijing calendar year (DESIGN §2: times people see are Beijing time); storage is UTC, so a
year is the UTC interval ``[Jan 1 00:00 +08:00, next Jan 1 00:00 +08:00)``. The statement reconciles to
the fen: opening + deposits + interest + apportionments + refunds = closing, principal and value added
apart, and the closing balance is the balance after the year's last entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from deposit.domain.ledger import EntryKind
from maintfund_common import errors
from maintfund_common.beijing_time import BEIJING

FIRST_YEAR, LAST_YEAR = 1990, 9998  # the fund's register starts in the 1990s; beyond is malformed


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The UTC instants at which Beijing year ``year`` starts and the next one starts."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise errors.ValidationFailed("年份无效", field="year")
    start = datetime(year, 1, 1, tzinfo=BEIJING).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=BEIJING).astimezone(UTC)
    return start, end


def beijing_year(moment: datetime) -> int:
    return moment.astimezone(BEIJING).year


def parse_year(raw: str) -> int:
    """A four-digit year from a URL; anything else is VALIDATION_FAILED."""
    if len(raw) != 4 or not raw.isascii() or not raw.isdigit():
        raise errors.ValidationFailed("年份应为四位数字", field="year")
    return int(raw)


@dataclass(frozen=True)
class Movement:
    """One entry as the statement needs it."""

    kind: EntryKind
    principal_delta_fen: int
    interest_delta_fen: int
    principal_after_fen: int
    interest_after_fen: int

    @property
    def amount_fen(self) -> int:
        return self.principal_delta_fen + self.interest_delta_fen


@dataclass(frozen=True)
class Totals:
    """The statement's figures, fen. Withdrawals (apportionments, refunds) are negative."""

    opening_principal_fen: int
    opening_interest_fen: int
    deposits_fen: int = 0
    interest_fen: int = 0
    apportionments_fen: int = 0
    refunds_fen: int = 0
    closing_principal_fen: int = 0
    closing_interest_fen: int = 0
    entry_count: int = 0

    @property
    def opening_balance_fen(self) -> int:
        return self.opening_principal_fen + self.opening_interest_fen

    @property
    def closing_balance_fen(self) -> int:
        return self.closing_principal_fen + self.closing_interest_fen

    @property
    def movements_fen(self) -> int:
        return self.deposits_fen + self.interest_fen + self.apportionments_fen + self.refunds_fen

    def reconciles(self) -> bool:
        return self.opening_balance_fen + self.movements_fen == self.closing_balance_fen


def totals(opening_principal_fen: int, opening_interest_fen: int, movements: Iterable[Movement]) -> Totals:
    """The year's totals from the opening balances and the year's entries in booking order.

    Raises when the entries do not chain (an entry's balance after differs from the running sum): the
    ledger, not the statement, would be wrong, and no statement is issued from it.
    """
    principal, interest = opening_principal_fen, opening_interest_fen
    by_kind = {"deposits": 0, "interest": 0, "apportionments": 0, "refunds": 0}
    count = 0
    for m in movements:
        principal += m.principal_delta_fen
        interest += m.interest_delta_fen
        if (principal, interest) != (m.principal_after_fen, m.interest_after_fen):
            raise errors.Conflict("资金明细不连续，无法出具结存单", code="LEDGER_INCONSISTENT")
        by_kind[_bucket(m.kind)] += m.amount_fen
        count += 1
    return Totals(
        opening_principal_fen,
        opening_interest_fen,
        deposits_fen=by_kind["deposits"],
        interest_fen=by_kind["interest"],
        apportionments_fen=by_kind["apportionments"],
        refunds_fen=by_kind["refunds"],
        closing_principal_fen=principal,
        closing_interest_fen=interest,
        entry_count=count,
    )


def _bucket(kind: EntryKind) -> str:
    if kind.is_deposit:
        return "deposits"
    if kind is EntryKind.INTEREST:
        return "interest"
    if kind is EntryKind.APPORTIONMENT:
        return "apportionments"
    return "refunds"


def check_in_history(year: int, first_booked_at: datetime | None, now: datetime) -> None:
    """A statement exists for the years from the house's first entry to the current Beijing year."""
    if first_booked_at is None or not beijing_year(first_booked_at) <= year <= beijing_year(now):
        raise errors.NotFound("该年度没有结存单", code="STATEMENT_NOT_FOUND")
