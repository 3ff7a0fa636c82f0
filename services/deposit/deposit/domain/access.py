"""Who may see and pay a house's bills and fund details, and what an owner is told (seed 2.3, 2.5 注)."""

from __future__ import annotations

import enum


class Access(enum.StrEnum):
    OWNER = "OWNER"  # the house is bound to the asking account
    GRANTED = "GRANTED"  # found through 我要查询: may pay (told NOT_OWNER) and read the fund details
    SYSTEM = "SYSTEM"  # a back-office or quick-pay system caller, authenticated by its caller token


class Notice(enum.StrEnum):
    REFUND_REQUIRED = "REFUND_REQUIRED"  # go to the 管理部 for a refund; no payment
    UNIT_MUST_PAY = "UNIT_MUST_PAY"  # post-sale public housing: the selling unit pays at the 管理部
    NOT_OWNER = "NOT_OWNER"  # the receipt will carry the current owner's name


# Notices that send the owner to the 管理部: no online payment (domain.billing.REFUSALS says why).
BLOCKING = frozenset({Notice.REFUND_REQUIRED, Notice.UNIT_MUST_PAY})


def notices(property_kind: str, deposits_blocked: bool, access: Access) -> list[Notice]:
    """The manual's notices, in its order.

    NOT_OWNER speaks of what a payment would produce (「继续交存产生的票据将显示现业主姓名」), so it is
    told only when the house can take a payment: a house sent to the 管理部 gets that notice alone.
    """
    found = []
    if deposits_blocked:
        found.append(Notice.REFUND_REQUIRED)
    if property_kind == "POST_SALE_PUBLIC":
        found.append(Notice.UNIT_MUST_PAY)
    if access is Access.GRANTED and not found:
        found.append(Notice.NOT_OWNER)
    return found


def payable(told: list[Notice], bill_pending: bool) -> bool:
    """Online payment is possible for a pending bill unless a notice sends the owner to the 管理部."""
    return bill_pending and not BLOCKING.intersection(told)
