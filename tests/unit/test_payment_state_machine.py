"""Property tests of the payment state machine's posting invariants (DESIGN §8)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from deposit.domain.payments import (
    Flag,
    OrderStatus,
    PaymentEvidence,
    on_closed,
    on_failed,
    on_paid,
)

AMOUNT, MCH, APP = 762_000, "1900000001", "wx8888888888888888"
GOOD = PaymentEvidence(AMOUNT, MCH, APP)

evidence = st.one_of(
    st.just(GOOD),
    st.builds(
        PaymentEvidence, st.integers(0, 10**7) | st.none(), st.sampled_from([MCH, "19xx", None]), st.just(APP)
    ),
    st.builds(PaymentEvidence, st.just(AMOUNT), st.just(MCH), st.sampled_from([APP, "wxother"])),
)
event = st.one_of(
    st.tuples(st.just("paid"), evidence, st.booleans()),
    st.tuples(st.just("closed"), st.none(), st.none()),
    st.tuples(st.just("failed"), st.none(), st.none()),
)


def run(events: list[tuple]) -> tuple[OrderStatus, int, list[OrderStatus]]:
    status, posts, history = OrderStatus.PENDING, 0, [OrderStatus.PENDING]
    bill_pending = True
    for kind, ev, other_paid in events:
        if kind == "paid":
            decision = on_paid(status, AMOUNT, MCH, APP, ev, bill_pending=bill_pending and not other_paid)
            if decision.post:
                posts += 1
                bill_pending = False
            status = decision.status
        elif kind == "closed":
            status = on_closed(status)
        else:
            status = on_failed(status)
        history.append(status)
    return status, posts, history


@given(st.lists(event, max_size=30))
def test_at_most_one_posting_and_terminal_states_never_regress(events: list[tuple]) -> None:
    _, posts, history = run(events)
    assert posts <= 1
    assert (posts == 1) == (OrderStatus.PAID in history)
    for i, state in enumerate(history):
        if state.terminal:
            assert all(later == state for later in history[i:])


@given(st.lists(event, max_size=30))
def test_a_mismatched_payment_never_posts(events: list[tuple]) -> None:
    status = OrderStatus.PENDING
    for kind, ev, _ in events:
        if kind == "paid":
            decision = on_paid(status, AMOUNT, MCH, APP, ev)
            if ev.amount_fen != AMOUNT or ev.merchant_id != MCH or ev.app_id != APP:
                assert not decision.post
                if not status.terminal:
                    assert decision.status is OrderStatus.SUSPECT
            status = decision.status
        else:
            status = on_closed(status) if kind == "closed" else on_failed(status)


def test_a_payment_after_close_ends_paid_and_flagged() -> None:
    closed = on_closed(OrderStatus.PENDING)
    decision = on_paid(closed, AMOUNT, MCH, APP, GOOD)
    assert decision.status is OrderStatus.PAID and decision.post and decision.flag == Flag.LATE_PAYMENT
    assert on_closed(OrderStatus.PAID) is OrderStatus.PAID


def test_a_second_payment_of_a_paid_bill_goes_to_a_person() -> None:
    decision = on_paid(OrderStatus.PENDING, AMOUNT, MCH, APP, GOOD, bill_pending=False)
    assert (
        decision.status is OrderStatus.SUSPECT
        and not decision.post
        and decision.flag == Flag.BILL_NOT_PENDING
    )


def test_duplicate_success_changes_nothing() -> None:
    decision = on_paid(OrderStatus.PAID, AMOUNT, MCH, APP, GOOD)
    assert decision.status is OrderStatus.PAID and not decision.post
