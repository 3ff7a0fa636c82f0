"""The annual statement's arithmetic and the deposit certificate's code and masking (pure domain)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deposit.domain import certificates, statements
from deposit.domain.ledger import AccountState, EntryKind, Posting, withdrawal
from deposit.domain.projects import building_key
from deposit.domain.statements import Movement
from maintfund_common import errors


def _chain(opening: AccountState, postings: list[Posting]) -> list[Movement]:
    state, out = opening, []
    for p in postings:
        state = state.apply(p)
        out.append(
            Movement(
                p.kind, p.principal_delta_fen, p.interest_delta_fen, state.principal_fen, state.interest_fen
            )
        )
    return out


def _p(kind: EntryKind, principal: int, interest: int, n: int) -> Posting:
    return Posting(kind, principal, interest, f"B{n}", datetime(2026, 1, 1, tzinfo=UTC))


def test_totals_split_the_year_by_kind_and_reconcile() -> None:
    opening = AccountState(1_790_000, 25_200, 1_790_000)
    moves = _chain(
        opening,
        [
            _p(EntryKind.INTEREST, 0, 6_000, 1),
            _p(EntryKind.APPORTIONMENT, -1_300_000, -31_200, 2),
            _p(EntryKind.REPLENISHMENT, 200_000, 0, 3),
            _p(EntryKind.REFUND, -10_000, 0, 4),
        ],
    )
    t = statements.totals(opening.principal_fen, opening.interest_fen, moves)
    assert t.opening_balance_fen == 1_815_200
    assert (t.deposits_fen, t.interest_fen, t.apportionments_fen, t.refunds_fen) == (
        200_000,
        6_000,
        -1_331_200,
        -10_000,
    )
    assert t.closing_balance_fen == 1_815_200 + 200_000 + 6_000 - 1_331_200 - 10_000
    assert (t.closing_principal_fen, t.closing_interest_fen) == (680_000, 0)
    assert t.entry_count == 4
    assert t.reconciles()


def test_a_year_without_entries_carries_the_balance_over() -> None:
    t = statements.totals(500, 20, [])
    assert (t.opening_balance_fen, t.closing_balance_fen, t.movements_fen, t.entry_count) == (520, 520, 0, 0)


def test_entries_that_do_not_chain_are_refused() -> None:
    broken = [Movement(EntryKind.INTEREST, 0, 100, 1_000, 150)]  # 1,000 + 0 / 50 + 100 expected
    with pytest.raises(errors.Conflict) as raised:
        statements.totals(1_000, 0, broken)
    assert raised.value.code == "LEDGER_INCONSISTENT"


@given(
    st.integers(0, 10**9),
    st.integers(0, 10**7),
    st.lists(st.tuples(st.sampled_from(list(EntryKind)), st.integers(1, 10**7)), max_size=40),
)
def test_any_ledger_year_reconciles_to_the_fen(principal: int, interest: int, steps: list) -> None:
    state = AccountState(principal, interest, principal)
    postings = []
    for n, (kind, fen) in enumerate(steps):
        if kind.is_deposit:
            p = _p(kind, fen, 0, n)
        elif kind is EntryKind.INTEREST:
            p = _p(kind, 0, fen, n)
        elif fen <= state.balance_fen:
            p = _p(kind, *withdrawal(state, fen), n)
        else:
            continue
        state = state.apply(p)
        postings.append(p)
    t = statements.totals(principal, interest, _chain(AccountState(principal, interest, principal), postings))
    assert t.reconciles()
    assert (t.closing_principal_fen, t.closing_interest_fen) == (state.principal_fen, state.interest_fen)
    assert t.apportionments_fen <= 0 and t.refunds_fen <= 0 and t.deposits_fen >= 0


def test_years_are_beijing_years() -> None:
    start, end = statements.year_bounds(2026)
    assert start == datetime(2025, 12, 31, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 12, 31, 16, 0, tzinfo=UTC)
    # 2025-12-31 17:00 UTC is already 2026-01-01 01:00 in Beijing
    assert statements.beijing_year(datetime(2025, 12, 31, 17, 0, tzinfo=UTC)) == 2026


def test_only_years_of_the_house_history_have_a_statement() -> None:
    first, now = datetime(2017, 3, 15, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC)
    statements.check_in_history(2017, first, now)
    statements.check_in_history(2026, first, now)
    for year in (2016, 2027):
        with pytest.raises(errors.NotFound) as raised:
            statements.check_in_history(year, first, now)
        assert raised.value.code == "STATEMENT_NOT_FOUND"
    with pytest.raises(errors.NotFound):
        statements.check_in_history(2026, None, now)  # no entry at all: no year


@pytest.mark.parametrize("raw", ["26", "20x6", "２０２６", "-202", "12345", ""])
def test_a_year_that_is_not_four_digits_is_a_validation_error(raw: str) -> None:
    with pytest.raises(errors.ValidationFailed):
        statements.parse_year(raw)


def test_certificate_codes_read_as_printed() -> None:
    code = certificates.new_code()
    assert len(code) == 16 and set(code) <= set(certificates.ALPHABET)
    shown = certificates.display_code(code)
    assert shown.count("-") == 3
    assert certificates.parse_code(f"  {shown.lower()} ") == code
    assert certificates.parse_code("oooo-iiii-llll-0000") == "0000111111110000"


@pytest.mark.parametrize(
    "raw", ["", "ABC", "U" * 16, "7KQ2M9XD4TPRB3H", "7KQ2M9XD4TPRB3HW7", "X" * 100, "七" * 16]
)
def test_a_string_that_cannot_be_a_code_is_malformed(raw: str) -> None:
    with pytest.raises(errors.ValidationFailed) as raised:
        certificates.parse_code(raw)
    assert raised.value.code == "CERTIFICATE_CODE_MALFORMED"


def test_a_verifier_learns_the_building_never_the_flat() -> None:
    assert certificates.mask_address("朝阳区望京西园三区312号楼2单元1503") == "朝阳区望京西园三区312号楼****"
    assert "1503" not in certificates.mask_address("朝阳区望京西园三区312号楼2单元1503")
    assert certificates.mask_address("某路88号") == "某路****"
    assert building_key("朝阳区望京西园三区312号楼2单元1503") == "朝阳区望京西园三区312号楼"
