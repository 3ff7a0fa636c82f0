"""The fund-details page shows the same house whether deposit's copy or registry answered."""

from __future__ import annotations

import pytest

from gateway.operations import house_dict, owned_house_dict
from maintfund.deposit.v1 import deposit_pb2
from maintfund.registry.v1 import registry_pb2


@pytest.mark.parametrize(
    ("kind", "storey", "district"),
    [("COMMODITY", "HIGH_RISE", "110105"), ("POST_SALE_PUBLIC", "MULTI_STOREY", "110102"),
     ("NON_RESIDENTIAL", "HIGH_RISE", "110199")],
)  # fmt: skip
def test_deposit_summary_and_registry_house_give_the_same_view(kind: str, storey: str, district: str) -> None:
    from_registry = registry_pb2.House(
        house_id="h-1",
        district_code=district,
        district_name={"110105": "朝阳区", "110102": "西城区", "110199": "经济技术开发区"}[district],
        address="朝阳区某路1号",
        area_m2="88.50",
        property_kind=registry_pb2.PropertyKind.Value(f"PROPERTY_KIND_{kind}"),
        storey_class=registry_pb2.StoreyClass.Value(f"STOREY_CLASS_{storey}"),
    )
    from_deposit = deposit_pb2.HouseSummary(
        house_id="h-1",
        district_code=district,
        address="朝阳区某路1号",
        area_m2="88.50",
        property_kind=kind,
        storey_class=storey,
    )
    assert owned_house_dict(from_deposit) == house_dict(from_registry)
