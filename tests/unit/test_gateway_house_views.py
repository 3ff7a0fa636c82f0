"""A house as the gateway renders it from the deposit service's copy of the register: labels, not codes."""

from __future__ import annotations

import pytest

from gateway.ops.views import owned_house_dict
from maintfund.deposit.v1 import deposit_pb2


@pytest.mark.parametrize(
    ("kind", "storey", "district", "labels"),
    [("COMMODITY", "HIGH_RISE", "110105", ("商品住宅", "高层", "朝阳区")),
     ("POST_SALE_PUBLIC", "MULTI_STOREY", "110102", ("售后公有住房", "多层", "西城区")),
     ("NON_RESIDENTIAL", "HIGH_RISE", "110199", ("非住宅", "高层", "经济技术开发区"))],
)  # fmt: skip
def test_codes_become_the_manuals_words(kind: str, storey: str, district: str, labels: tuple) -> None:
    house = deposit_pb2.HouseSummary(
        house_id="h-1",
        district_code=district,
        address="朝阳区某路1号",
        area_m2="88.50",
        property_kind=kind,
        storey_class=storey,
    )
    view = owned_house_dict(house)
    assert (view["property_kind"], view["storey_class"], view["district_name"]) == labels
    assert view["area_m2"] == 88.5 and view["district"] == district and view["house_id"] == "h-1"
