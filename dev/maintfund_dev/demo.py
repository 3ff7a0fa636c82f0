"""The demo data of DESIGN §4.4, in one place: every service seeds its own part from it.

Ids are derived deterministically so that each service can seed (and reset) its own database
independently and the pieces still fit together.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - the published demo password (README, DESIGN §4.4)
_NAMESPACE = uuid.UUID("6f1c2a52-8d0e-4a53-9b1f-3f3e7d5a0b01")


def demo_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    id_number: str
    phone: str
    roles: tuple[str, ...] = ("OWNER",)
    district_code: str = ""

    @property
    def account_id(self) -> str:
        return demo_id("account", self.username)


@dataclass(frozen=True)
class DemoOwner:
    name: str
    id_number: str


@dataclass(frozen=True)
class DemoHouse:
    key: str
    district_code: str
    address: str
    area_m2: str
    property_kind: str  # COMMODITY | POST_SALE_PUBLIC | NON_RESIDENTIAL
    storey_class: str  # MULTI_STOREY | HIGH_RISE
    owners: tuple[DemoOwner, ...]
    contract_no: str = ""
    house_type: str = "商品房"
    cert_no: str = ""
    needs_refund: bool = False
    # Owner data already in the fund's register (业主信息已录入): login identity matching finds the house.
    # False: known only from the net-signing or title register, so the owner adds it by 个人造册.
    fund_registered: bool = True
    bound_to: tuple[str, ...] = field(default=())  # usernames bound at seeding (by identity matching)

    @property
    def house_id(self) -> str:
        return demo_id("house", self.key)


ZHANG_WEI = DemoOwner("张伟", "110105198001011238")
LI_NA = DemoOwner("李娜", "11010819850315246X")
WANG_FANG = DemoOwner("王芳", "110102199007203586")
LIU_YANG = DemoOwner("刘洋", "110106197502034210")
CHEN_JING = DemoOwner("陈静", "110105197806124526")
ZHOU_QIANG = DemoOwner("周强", "110101196509092118")
SUN_LI = DemoOwner("孙丽", "110102195801011516")

ACCOUNTS = (
    DemoAccount("zhangwei", ZHANG_WEI.name, ZHANG_WEI.id_number, "13800000001"),
    DemoAccount("lina", LI_NA.name, LI_NA.id_number, "13800000002"),
    DemoAccount(
        "reviewer_chaoyang",
        "赵敏",
        "110105198203043019",
        "13800000003",
        roles=("REVIEWER",),
        district_code="110105",
    ),
)

H1 = DemoHouse(
    "H1",
    "110105",
    "朝阳区望京西园三区312号楼2单元1503",
    "89.50",
    "COMMODITY",
    "HIGH_RISE",
    (ZHANG_WEI,),
    contract_no="Y2016001501",
    cert_no="京(2017)朝阳区不动产权第0100235号",
    bound_to=("zhangwei",),
)
H2 = DemoHouse(
    "H2",
    "110108",
    "海淀区学院路甲5号院2号楼3单元602",
    "76.20",
    "COMMODITY",
    "MULTI_STOREY",
    (ZHANG_WEI,),
    contract_no="Y2026000778",
    bound_to=("zhangwei",),
)
H3 = DemoHouse(
    "H3",
    "110106",
    "丰台区丰台北路18号院5号楼1单元301",
    "65.00",
    "COMMODITY",
    "HIGH_RISE",
    (ZHANG_WEI,),
    contract_no="Y2019003316",
    cert_no="京(2020)丰台区不动产权第0045671号",
    bound_to=("zhangwei",),
)
LINA_HOUSE = DemoHouse(
    "LINA",
    "110112",
    "通州区新华西街58号院1号楼1单元802",
    "92.30",
    "COMMODITY",
    "HIGH_RISE",
    (LI_NA,),
    contract_no="Y2024000123",
    fund_registered=False,
)
OTHER_CHAOYANG = DemoHouse(
    "CHAOYANG456",
    "110105",
    "朝阳区北苑路168号院6号楼2单元1102",
    "101.80",
    "COMMODITY",
    "HIGH_RISE",
    (CHEN_JING,),
    contract_no="Y2024000456",
    fund_registered=False,
)
WANG_FANG_HOUSE = DemoHouse(
    "WANGFANG",
    "110102",
    "西城区新街口外大街8号院3号楼4单元601",
    "58.60",
    "COMMODITY",
    "HIGH_RISE",
    (WANG_FANG,),
    contract_no="Y2026001001",
)
LIU_YANG_HOUSE = DemoHouse(
    "LIUYANG",
    "110105",
    "朝阳区建国路88号院2号楼1单元1201",
    "120.00",
    "COMMODITY",
    "HIGH_RISE",
    (LIU_YANG,),
    contract_no="Y2023004512",
    cert_no="京(2023)朝阳区不动产权第0012345号",
)
REFUND_HOUSE = DemoHouse(
    "REFUND",
    "110101",
    "东城区和平里东街11号院3号楼2单元401",
    "54.20",
    "COMMODITY",
    "MULTI_STOREY",
    (ZHOU_QIANG,),
    contract_no="Y2015000321",
    needs_refund=True,
)
PUBLIC_HOUSE = DemoHouse(
    "PUBLIC",
    "110102",
    "西城区百万庄大街22号院1号楼3单元502",
    "61.40",
    "POST_SALE_PUBLIC",
    "MULTI_STOREY",
    (SUN_LI,),
    house_type="已购公房",
)

HOUSES = (H1, H2, H3, LINA_HOUSE, OTHER_CHAOYANG, WANG_FANG_HOUSE, LIU_YANG_HOUSE, REFUND_HOUSE, PUBLIC_HOUSE)

QUICKPAY_BUSINESS_NO = "SW202611260001"


@dataclass(frozen=True)
class DemoDeposit:
    """A paid deposit of the demo ledgers, as the invoice service keeps it (a test checks it matches
    the deposit service's demo ledgers)."""

    house: DemoHouse
    amount_fen: int
    paid_at: str  # RFC 3339, UTC
    receipt: str  # PAPER | ELECTRONIC

    @property
    def deposit_id(self) -> str:
        return demo_id("deposit", self.house.key)

    @property
    def business_no(self) -> str:
        return f"SC{self.paid_at[:10].replace('-', '')}{self.house.key[:6]}"

    @property
    def invoice_id(self) -> str | None:
        return demo_id("invoice", self.house.house_id) if self.receipt == "ELECTRONIC" else None

    @property
    def payer_account_id(self) -> str | None:
        return demo_id("account", self.house.bound_to[0]) if self.house.bound_to else None


DEPOSITS = (
    DemoDeposit(H1, 1_790_000, "2017-03-15T09:30:00+00:00", "ELECTRONIC"),
    DemoDeposit(H3, 1_300_000, "2020-08-03T09:30:00+00:00", "PAPER"),
    DemoDeposit(LIU_YANG_HOUSE, 2_400_000, "2023-06-18T09:30:00+00:00", "PAPER"),
    DemoDeposit(REFUND_HOUSE, 542_000, "2015-11-02T09:30:00+00:00", "PAPER"),
)
# H1's e-receipt as the platform issued it in 2017 (票据代码, 票据号码, 校验码, 开票日期 Beijing time).
H1_RECEIPT = ("11060117", "0000012873", "K7Q2M9", "2017-03-15T10:12:08+08:00")

# The repair behind H1's lift-repair apportionment (FT2026050800017): the fund use the back office
# recorded; H1's share (13,544.85 元, by area) is the entry's amount.
H1_LIFT_PROJECT = {
    "project_no": "WX2026-0105-0031",
    "name": "望京西园三区312号楼3号电梯更新改造",
    "reason": "3号电梯已运行21年，2026年3月定期检验判定曳引机和控制柜存在安全隐患，需整体更换",
    "scope": "BUILDING",
    "scope_name": "朝阳区望京西园三区312号楼",
    "total_cost_fen": 130_030_000,
    "households": 96,
    "share_basis": "BY_AREA",
    "approved_on": "2026-04-16",
    "documents": (
        ("QUOTE", "电梯更新改造报价单", "WX2026-0105-0031-BJ"),
        ("APPROVAL", "业主大会表决结果公示", "WX2026-0105-0031-GS"),
        ("ACCEPTANCE", "电梯安装监督检验报告及竣工验收记录", "WX2026-0105-0031-YS"),
    ),
    "business_no": "FT2026050800017",
}
