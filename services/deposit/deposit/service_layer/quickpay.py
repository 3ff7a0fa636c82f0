"""Quick pay (站外快速交存, F8) as the deposit service sees it: one bill by business number + owner name.

Only the quickpay service calls this (it adds the limits, the padding and the token). Every miss — an
unknown number, a name that is not a current owner's, a bill that is not commercial housing (商维), an
unparsable name — is the same NOT_FOUND, so the answer says nothing about which part was wrong.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from deposit.domain.records import BillView, Order
from maintfund_common import errors
from maintfund_common.personal_data import mask_name, normalize_name

if TYPE_CHECKING:
    from deposit.adapters.deposit_repository import DepositRepository

QUICKPAY_KINDS = ("COMMODITY",)
MAX_BUSINESS_NO = 40


def not_found() -> errors.NotFound:
    return errors.NotFound("未查询到该笔业务，请核对业务流水号和业主名称", code="QUICKPAY_NOT_FOUND")


@dataclass(frozen=True)
class QuickpayBill:
    view: BillView
    owner_name_masked: str
    deposit: Any  # deposits row or None
    latest_order: Order | None


def name_matches(typed: str, owners: list[str]) -> bool:
    """The typed name, normalised as identity does, equals one current owner's normalised name."""
    try:
        wanted = normalize_name(typed)
    except errors.ValidationFailed:
        return False
    found = False
    for owner in owners:
        try:
            candidate = normalize_name(owner)
        except errors.ValidationFailed:
            continue
        # compare every owner, in constant time per comparison: no early exit
        found |= hmac.compare_digest(candidate.encode(), wanted.encode())
    return found


def quickpay_bill(
    repo: DepositRepository,
    owner_names: Callable[[str], list[str]],
    *,
    business_no: str = "",
    owner_name: str = "",
    bill_id: str = "",
) -> QuickpayBill:
    if bill_id:
        view = repo.get_bill(bill_id) if len(bill_id) <= 36 else None
    else:
        number = business_no.strip().upper()
        view = repo.bill_by_business_no(number) if 0 < len(number) <= MAX_BUSINESS_NO else None
    if view is None or view.house is None or view.house.property_kind not in QUICKPAY_KINDS:
        raise not_found()
    owners = owner_names(view.bill.house_id)
    if not bill_id and not name_matches(owner_name, owners):
        raise not_found()
    return QuickpayBill(
        view=view,
        owner_name_masked="、".join(mask_name(n) for n in owners),
        deposit=repo.deposit_by_business_no(view.bill.business_no),
        latest_order=repo.latest_order_of_bill(view.bill.bill_id),
    )
