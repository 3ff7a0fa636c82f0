"""Bills (交款通知) and deposit standards (交存标准): pure rules, no I/O.

Standards are data: (property kind, storey class, effective date) -> fen per m². A first deposit is
area × standard; a 补交 is a computed difference; a 续筹 lets the owner enter an amount between the
shortfall to 30 % of the first deposit and one full standard deposit.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from deposit.domain.access import Access, Notice, notices
from deposit.domain.ledger import AccountState, EntryKind
from maintfund_common import errors
from maintfund_common.money import format_yuan

REPLENISH_THRESHOLD_PERCENT = 30  # 续筹 is due below 30 % of the first deposit (DESIGN §3)


class PaymentType(enum.StrEnum):
    FIRST_DEPOSIT = "FIRST_DEPOSIT"  # 首次交存
    TOP_UP = "TOP_UP"  # 补交
    REPLENISHMENT = "REPLENISHMENT"  # 续筹

    @property
    def entry_kind(self) -> EntryKind:
        return EntryKind(self.value)

    @property
    def label(self) -> str:
        return PAYMENT_TYPE_LABELS[self]


PAYMENT_TYPE_LABELS = {
    PaymentType.FIRST_DEPOSIT: "首次交存",
    PaymentType.TOP_UP: "补交",
    PaymentType.REPLENISHMENT: "续筹",
}


class AmountRule(enum.StrEnum):
    FIXED = "FIXED"
    ENTERED = "ENTERED"


class BillStatus(enum.StrEnum):
    PENDING = "PENDING"  # 待交存
    PAID = "PAID"  # 已交存
    VOID = "VOID"  # 已作废


@dataclass(frozen=True)
class DepositStandard:
    property_kind: str
    storey_class: str
    effective_from: date
    fen_per_m2: int


def standard_for(
    standards: Iterable[DepositStandard], property_kind: str, storey_class: str, on: date
) -> DepositStandard:
    """The standard in force on ``on``: the latest one effective on or before that day."""
    matching = [
        s
        for s in standards
        if s.property_kind == property_kind and s.storey_class == storey_class and s.effective_from <= on
    ]
    if not matching:
        raise errors.Conflict("该类房屋没有适用的交存标准", code="NO_DEPOSIT_STANDARD")
    return max(matching, key=lambda s: s.effective_from)


def standard_deposit_fen(area_m2: Decimal, fen_per_m2: int) -> int:
    """Area × standard, rounded to the fen (half up)."""
    if area_m2 <= 0 or fen_per_m2 <= 0:
        raise errors.ValidationFailed("面积和交存标准必须大于0")
    return int((area_m2 * fen_per_m2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def replenishment_due(state: AccountState) -> bool:
    return state.first_deposit_fen > 0 and state.balance_fen * 100 < (
        state.first_deposit_fen * REPLENISH_THRESHOLD_PERCENT
    )


def fell_below_threshold(before: AccountState, after: AccountState) -> bool:
    """A posting took the balance under the 续筹 threshold (it was not under it before): the moment the
    owners are told and the 续筹 bill is raised, once, not at every later posting."""
    return replenishment_due(after) and not replenishment_due(before)


def replenishment_bounds(state: AccountState, full_standard_fen: int) -> tuple[int, int]:
    """(min, max) a 续筹 may be: the shortfall to 30 % of the first deposit .. one full standard deposit."""
    if state.first_deposit_fen <= 0:
        raise errors.Conflict("尚未首次交存，不能续筹", code="NO_FIRST_DEPOSIT")
    target = -(-state.first_deposit_fen * REPLENISH_THRESHOLD_PERCENT // 100)  # ceiling
    shortfall = target - state.balance_fen
    if shortfall <= 0:
        raise errors.Conflict("账户余额不低于首次交存额的30%，无需续筹", code="REPLENISHMENT_NOT_DUE")
    return shortfall, max(shortfall, full_standard_fen)


@dataclass(frozen=True)
class Bill:
    bill_id: str
    business_no: str
    house_id: str
    payment_type: PaymentType
    amount_rule: AmountRule
    amount_fen: int
    min_fen: int
    max_fen: int
    status: BillStatus
    fund_type: str = "商维"

    def payable_amount(self, requested_fen: int | None) -> int:
        """The amount an order for this bill is made for; refuses amounts the rule does not allow."""
        if self.status is BillStatus.PAID:
            raise errors.Conflict("该笔业务已交存", code="BILL_ALREADY_PAID")
        if self.status is BillStatus.VOID:
            raise errors.Conflict("该笔业务已作废", code="BILL_VOID")
        if self.amount_rule is AmountRule.FIXED:
            if requested_fen not in (None, 0, self.amount_fen):
                raise errors.ValidationFailed(
                    "交存金额应为应交金额", code="AMOUNT_MISMATCH", field="amount_fen"
                )
            return self.amount_fen
        if not requested_fen:
            raise errors.ValidationFailed("请输入交存金额", code="AMOUNT_REQUIRED", field="amount_fen")
        if not self.min_fen <= requested_fen <= self.max_fen:
            raise errors.ValidationFailed(
                f"交存金额应在 {format_yuan(self.min_fen)} 到 {format_yuan(self.max_fen)} 之间",
                code="AMOUNT_OUT_OF_RANGE",
                field="amount_fen",
            )
        return requested_fen


def check_house_payable(property_kind: str, deposits_blocked: bool) -> None:
    """Online payment is refused when a notice sends the owner to the 管理部 (``access.notices``)."""
    for notice in notices(property_kind, deposits_blocked, Access.OWNER):
        if notice in REFUSALS:
            raise errors.Conflict(REFUSALS[notice], code=notice.value)


# What an owner who tries to pay anyway is told, per notice that forbids online payment.
REFUSALS = {
    Notice.REFUND_REQUIRED: "该房屋需办理维修资金退款，不能交存，请到房屋所在行政区住房公积金管理部办理",
    Notice.UNIT_MUST_PAY: "售后公有住房需由所属单位前往房屋所在行政区住房公积金管理部办理交存",
}


def fund_type(property_kind: str) -> str:
    return {"COMMODITY": "商维", "POST_SALE_PUBLIC": "公维", "NON_RESIDENTIAL": "商维"}.get(
        property_kind, "商维"
    )
