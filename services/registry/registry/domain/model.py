"""Houses and owners of the register, and the identity-matching rule."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from maintfund_common.districts import DISTRICTS


class PropertyKind(enum.StrEnum):
    COMMODITY = "COMMODITY"  # 商品住宅
    POST_SALE_PUBLIC = "POST_SALE_PUBLIC"  # 售后公有住房
    NON_RESIDENTIAL = "NON_RESIDENTIAL"  # 非住宅


class StoreyClass(enum.StrEnum):
    MULTI_STOREY = "MULTI_STOREY"  # 多层, no lift
    HIGH_RISE = "HIGH_RISE"  # 高层, with lift


class BindingVia(enum.StrEnum):
    IDENTITY_MATCH = "IDENTITY_MATCH"
    REGISTRATION = "REGISTRATION"
    REVIEW = "REVIEW"


@dataclass(frozen=True)
class House:
    house_id: str
    district_code: str
    address: str
    area_m2: Decimal
    property_kind: PropertyKind
    storey_class: StoreyClass
    house_type: str = "商品房"
    contract_no: str = ""
    cert_no: str = ""
    needs_refund: bool = False
    closed: bool = False
    fund_registered: bool = True

    @property
    def district_name(self) -> str:
        return DISTRICTS.get(self.district_code, "")

    @property
    def deposits_blocked(self) -> bool:
        """A house flagged for refund, or closed, takes no new deposit (DESIGN §3 Refund)."""
        return self.needs_refund or self.closed


def validate_area(area: Decimal) -> Decimal:
    """Areas are m² with at most 2 decimals, positive and plausible for one dwelling unit."""
    if area <= 0 or area > Decimal("100000") or area.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(f"implausible area {area}")
    return area.quantize(Decimal("0.01"))
