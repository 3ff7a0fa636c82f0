"""The payment order state machine (DESIGN §8): pure, no I/O.

PENDING -> PAID | CLOSED | FAILED | SUSPECT. PAID and SUSPECT are terminal and never regress. A payment
whose amount or merchant does not match the order goes to SUSPECT for a person, never to PAID. A payment
that lands after the order was closed (or failed) ends PAID, flagged LATE_PAYMENT: the money is there and
must be posted, never left CLOSED.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class OrderStatus(enum.StrEnum):
    PENDING = "PENDING"
    PAID = "PAID"
    CLOSED = "CLOSED"
    FAILED = "FAILED"
    SUSPECT = "SUSPECT"

    @property
    def terminal(self) -> bool:
        return self in (OrderStatus.PAID, OrderStatus.SUSPECT)


class Flag(enum.StrEnum):
    LATE_PAYMENT = "LATE_PAYMENT"
    AMOUNT_MISMATCH = "AMOUNT_MISMATCH"
    MERCHANT_MISMATCH = "MERCHANT_MISMATCH"
    BILL_NOT_PENDING = "BILL_NOT_PENDING"  # paid twice (another order paid the bill) or the bill was voided


@dataclass(frozen=True)
class PaymentEvidence:
    """What a verified notification or a signed query says was paid."""

    amount_fen: int | None
    merchant_id: str | None
    app_id: str | None


@dataclass(frozen=True)
class Decision:
    status: OrderStatus
    post: bool  # create the deposit and its ledger entry now
    flag: str = ""


def on_paid(
    status: OrderStatus,
    amount_fen: int,
    merchant_id: str,
    app_id: str,
    evidence: PaymentEvidence,
    *,
    bill_pending: bool = True,
) -> Decision:
    """The order's next state when the provider says it was paid."""
    if status.terminal:
        return Decision(status, post=False)  # duplicates change nothing
    if evidence.amount_fen != amount_fen:
        return Decision(OrderStatus.SUSPECT, post=False, flag=Flag.AMOUNT_MISMATCH)
    if evidence.merchant_id != merchant_id or (evidence.app_id is not None and evidence.app_id != app_id):
        return Decision(OrderStatus.SUSPECT, post=False, flag=Flag.MERCHANT_MISMATCH)
    if not bill_pending:
        return Decision(OrderStatus.SUSPECT, post=False, flag=Flag.BILL_NOT_PENDING)
    flag = Flag.LATE_PAYMENT if status in (OrderStatus.CLOSED, OrderStatus.FAILED) else ""
    return Decision(OrderStatus.PAID, post=True, flag=flag)


def on_closed(status: OrderStatus) -> OrderStatus:
    """The provider says the order is closed (or it expired unpaid)."""
    return OrderStatus.CLOSED if status is OrderStatus.PENDING else status


def on_failed(status: OrderStatus) -> OrderStatus:
    return OrderStatus.FAILED if status is OrderStatus.PENDING else status
