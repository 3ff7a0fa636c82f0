"""Deposit standards, bill amounts and 续筹 bounds (DESIGN §3), and the reconciliation report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deposit.domain.billing import (
    AmountRule,
    Bill,
    BillStatus,
    DepositStandard,
    PaymentType,
    check_house_payable,
    replenishment_bounds,
    replenishment_due,
    standard_deposit_fen,
    standard_for,
)
from deposit.domain.ledger import AccountState
from deposit.domain.reconciliation import Line, reconcile
from maintfund_common import errors

STANDARDS = [
    DepositStandard("COMMODITY", "MULTI_STOREY", date(2000, 1, 1), 10_000),
    DepositStandard("COMMODITY", "HIGH_RISE", date(2000, 1, 1), 20_000),
    DepositStandard("COMMODITY", "HIGH_RISE", date(2027, 1, 1), 25_000),
]


def test_standard_in_force_is_the_latest_effective_one() -> None:
    assert standard_for(STANDARDS, "COMMODITY", "HIGH_RISE", date(2026, 12, 31)).fen_per_m2 == 20_000
    assert standard_for(STANDARDS, "COMMODITY", "HIGH_RISE", date(2027, 1, 1)).fen_per_m2 == 25_000
    assert standard_for(STANDARDS, "COMMODITY", "MULTI_STOREY", date(2030, 1, 1)).fen_per_m2 == 10_000
    with pytest.raises(errors.Conflict):
        standard_for(STANDARDS, "NON_RESIDENTIAL", "HIGH_RISE", date(2026, 1, 1))
    with pytest.raises(errors.Conflict):
        standard_for(STANDARDS, "COMMODITY", "HIGH_RISE", date(1999, 12, 31))


def test_first_deposit_is_area_times_standard() -> None:
    assert standard_deposit_fen(Decimal("76.20"), 10_000) == 762_000  # demo H2: 76.20 m² × 100 元
    assert standard_deposit_fen(Decimal("89.50"), 20_000) == 1_790_000
    assert standard_deposit_fen(Decimal("0.01"), 5_050) == 51  # 50.5 fen rounds half up


@given(
    first=st.integers(min_value=1, max_value=10**9),
    balance=st.integers(min_value=0, max_value=10**9),
    full=st.integers(min_value=1, max_value=10**9),
)
def test_replenishment_bounds_bring_the_balance_back_to_30_percent(
    first: int, balance: int, full: int
) -> None:
    state = AccountState(principal_fen=balance, interest_fen=0, first_deposit_fen=first)
    if not replenishment_due(state):
        with pytest.raises(errors.Conflict):
            replenishment_bounds(state, full)
        return
    low, high = replenishment_bounds(state, full)
    assert 0 < low <= high
    assert (balance + low) * 100 >= first * 30  # the minimum reaches 30 %
    assert (balance + low - 1) * 100 < first * 30  # and is the least that does
    assert high == max(low, full)


def _bill(rule: AmountRule, status: BillStatus = BillStatus.PENDING) -> Bill:
    return Bill("b", "SW2026", "h", PaymentType.REPLENISHMENT, rule, 762_000, 47_342, 1_790_000, status)


def test_fixed_bills_take_their_amount_only() -> None:
    bill = _bill(AmountRule.FIXED)
    assert bill.payable_amount(None) == bill.payable_amount(762_000) == 762_000
    with pytest.raises(errors.ValidationFailed):
        bill.payable_amount(1)


@given(st.integers(min_value=-(10**10), max_value=10**10))
def test_entered_amounts_must_lie_within_the_bounds(amount: int) -> None:
    bill = _bill(AmountRule.ENTERED)
    if 47_342 <= amount <= 1_790_000:
        assert bill.payable_amount(amount) == amount
    else:
        with pytest.raises(errors.ValidationFailed):
            bill.payable_amount(amount)


def test_paid_or_void_bills_take_no_order() -> None:
    with pytest.raises(errors.Conflict, match="已交存"):
        _bill(AmountRule.FIXED, BillStatus.PAID).payable_amount(None)
    with pytest.raises(errors.Conflict, match="已作废"):
        _bill(AmountRule.FIXED, BillStatus.VOID).payable_amount(None)


def test_refund_and_public_houses_are_not_payable_online() -> None:
    check_house_payable("COMMODITY", False)
    with pytest.raises(errors.Conflict) as refund:
        check_house_payable("COMMODITY", True)
    assert refund.value.code == "REFUND_REQUIRED"
    with pytest.raises(errors.Conflict) as unit:
        check_house_payable("POST_SALE_PUBLIC", False)
    assert unit.value.code == "UNIT_MUST_PAY"


def test_reconciliation_reports_every_kind_of_difference() -> None:
    statement = [Line("A", 100), Line("B", 200), Line("C", 300), Line("D", 400), Line("D", 400)]
    local = [Line("A", 100), Line("B", 250), Line("E", 500), Line("D", 400)]
    report = reconcile(statement, local)
    assert report.matched == 2  # A and D (D also listed as a duplicate)
    assert report.provider_only == ["C"]
    assert report.local_only == ["E"]
    assert report.amount_mismatch == [("B", 200, 250)]
    assert report.duplicates == ["D"]
    assert not report.clean
    assert reconcile([Line("A", 1)], [Line("A", 1)]).clean


def test_not_owner_is_told_only_for_a_house_that_can_take_a_payment() -> None:
    from deposit.domain.access import Access, Notice, notices

    assert notices("COMMODITY", False, Access.GRANTED) == [Notice.NOT_OWNER]
    assert notices("COMMODITY", True, Access.GRANTED) == [Notice.REFUND_REQUIRED]
    assert notices("POST_SALE_PUBLIC", False, Access.GRANTED) == [Notice.UNIT_MUST_PAY]
    assert notices("POST_SALE_PUBLIC", True, Access.OWNER) == [Notice.REFUND_REQUIRED, Notice.UNIT_MUST_PAY]
    assert notices("COMMODITY", False, Access.OWNER) == []
