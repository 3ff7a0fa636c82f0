"""Ledger rules: balances are running sums, principal and interest apart, withdrawals never overdraw."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deposit.domain.ledger import AccountState, EntryKind, Posting, withdrawal
from maintfund_common import errors

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def posting(kind: EntryKind, principal: int, interest: int, n: int = 0) -> Posting:
    return Posting(kind, principal, interest, f"BN{kind.value[:4]}{n}", NOW)


operations = st.lists(
    st.one_of(
        st.tuples(
            st.sampled_from([EntryKind.FIRST_DEPOSIT, EntryKind.TOP_UP, EntryKind.REPLENISHMENT]),
            st.integers(1, 10**8),
        ),
        st.tuples(st.just(EntryKind.INTEREST), st.integers(1, 10**6)),
        st.tuples(st.sampled_from([EntryKind.APPORTIONMENT, EntryKind.REFUND]), st.integers(1, 10**8)),
    ),
    max_size=40,
)


@given(operations)
def test_balance_is_the_sum_of_applied_postings_and_never_negative(ops) -> None:
    state = AccountState()
    applied: list[Posting] = []
    for n, (kind, amount) in enumerate(ops):
        if kind.is_deposit:
            p = posting(kind, amount, 0, n)
        elif kind is EntryKind.INTEREST:
            p = posting(kind, 0, amount, n)
        else:
            if amount > state.balance_fen:
                with pytest.raises(errors.Conflict):
                    withdrawal(state, amount)
                continue
            p = posting(kind, *withdrawal(state, amount), n)
        state = state.apply(p)
        applied.append(p)
        assert state.principal_fen >= 0 and state.interest_fen >= 0
    assert state.balance_fen == sum(p.amount_fen for p in applied)
    assert state.principal_fen == sum(p.principal_delta_fen for p in applied)
    assert state.first_deposit_fen == sum(
        p.principal_delta_fen for p in applied if p.kind is EntryKind.FIRST_DEPOSIT
    )


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.integers(1, 2 * 10**7))
def test_withdrawal_spends_value_added_first(principal: int, interest: int, amount: int) -> None:
    state = AccountState(principal, interest, principal)
    if amount > state.balance_fen:
        with pytest.raises(errors.Conflict):
            withdrawal(state, amount)
        return
    p_delta, i_delta = withdrawal(state, amount)
    assert p_delta + i_delta == -amount
    assert -i_delta == min(amount, interest)
    assert p_delta <= 0 and i_delta <= 0


@pytest.mark.parametrize(
    ("kind", "principal", "interest"),
    [
        (EntryKind.FIRST_DEPOSIT, 0, 0),  # empty deposit
        (EntryKind.FIRST_DEPOSIT, -5, 0),  # negative deposit
        (EntryKind.TOP_UP, 100, 1),  # a deposit cannot credit interest
        (EntryKind.INTEREST, 1, 0),  # interest cannot credit principal
        (EntryKind.APPORTIONMENT, 10, 0),  # a withdrawal cannot add money
        (EntryKind.REFUND, 0, 0),
    ],
)
def test_malformed_postings_are_refused(kind: EntryKind, principal: int, interest: int) -> None:
    with pytest.raises(errors.ValidationFailed):
        AccountState(1000, 1000, 1000).apply(posting(kind, principal, interest))


def test_overdraft_is_refused() -> None:
    with pytest.raises(errors.Conflict):
        AccountState(100, 0, 100).apply(posting(EntryKind.APPORTIONMENT, -101, 0))


def test_business_number_is_required() -> None:
    with pytest.raises(errors.ValidationFailed):
        AccountState().apply(Posting(EntryKind.FIRST_DEPOSIT, 100, 0, "", NOW))
