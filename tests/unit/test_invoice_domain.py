"""E-receipt rules: the state machine, who may see a receipt, paper receipts, bounded attempts."""

from __future__ import annotations

import itertools

import pytest

from invoice.domain.receipts import (
    PAPER_RECEIPT_MESSAGE,
    DepositFacts,
    InvalidTransition,
    InvoiceStatus,
    PaperReceiptIssued,
    after_unanswered_attempt,
    check_access,
    check_can_request,
    check_transition,
    may_access,
)
from maintfund_common.errors import NotFound
from maintfund_dev import demo

S = InvoiceStatus
ALLOWED = {
    (S.ISSUING, S.ISSUED),
    (S.ISSUING, S.FAILED),
    (S.FAILED, S.ISSUING),
    (S.ISSUED, S.RED_FLUSHED),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_only_the_documented_transitions_are_allowed(current: S, target: S) -> None:
    if (current, target) in ALLOWED:
        check_transition(current, target)
    else:
        with pytest.raises(InvalidTransition):
            check_transition(current, target)


def test_red_flushed_is_terminal_and_issued_never_goes_back() -> None:
    for target in S:
        with pytest.raises(InvalidTransition):
            check_transition(S.RED_FLUSHED, target)
    for target in (S.ISSUING, S.FAILED):
        with pytest.raises(InvalidTransition):
            check_transition(S.ISSUED, target)


DEPOSIT = DepositFacts("d1", "house-1", "payer-1", paper_receipt=False)


def nobody_binds(_house_id: str) -> bool:
    return False


def test_payer_and_bound_accounts_may_access_others_not() -> None:
    assert may_access(DEPOSIT, "payer-1", nobody_binds)
    assert may_access(DEPOSIT, "someone", {"house-1"}.__contains__)
    assert not may_access(DEPOSIT, "someone", {"house-2"}.__contains__)
    assert may_access(DEPOSIT, "", nobody_binds)  # a municipal system authenticated by its token
    quick_pay = DepositFacts("d2", "house-1", None, paper_receipt=False)
    assert not may_access(quick_pay, "someone", nobody_binds)


def test_foreign_and_missing_deposits_look_the_same() -> None:
    with pytest.raises(NotFound) as foreign:
        check_access(DEPOSIT, "someone", nobody_binds)
    with pytest.raises(NotFound) as missing:
        check_access(None, "someone", nobody_binds)
    assert (foreign.value.code, foreign.value.message) == (missing.value.code, missing.value.message)


def test_paper_receipt_refuses_with_the_manuals_exact_words() -> None:
    with pytest.raises(PaperReceiptIssued) as refused:
        check_can_request(DepositFacts("d", "h", "p", paper_receipt=True))
    assert refused.value.code == "PAPER_RECEIPT_ISSUED"
    assert refused.value.message == PAPER_RECEIPT_MESSAGE == "您的纸质票据已开具，不支持再次开具电子票据。"
    check_can_request(DEPOSIT)


def test_unanswered_attempts_are_bounded() -> None:
    decisions = [after_unanswered_attempt(n, 3) for n in range(3)]
    assert [d.attempts for d in decisions] == [1, 2, 3]
    assert [d.give_up for d in decisions] == [False, False, True]


def test_demo_deposits_match_the_deposit_services_demo_ledgers() -> None:
    from maintfund_dev.deposit_seed import demo_history

    history = demo_history()
    for d in demo.DEPOSITS:
        first, receipt = history[d.house.house_id][0]
        assert (first.deposit_id, first.business_no, first.amount_fen) == (
            d.deposit_id,
            d.business_no,
            d.amount_fen,
        )
        assert first.booked_at.isoformat() == d.paid_at
        assert receipt == d.receipt
