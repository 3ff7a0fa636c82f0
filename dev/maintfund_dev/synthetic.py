"""A deterministic synthetic register for benchmarks and load tests (``--houses N``).

House i is generated from (seed, i) alone, so the registry and the deposit service can each seed their
own part of the same register independently, and a benchmark can pick any house without a lookup.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from maintfund_common.districts import DISTRICTS
from maintfund_common.personal_data import id_check_char

_NAMESPACE = uuid.UUID("0b6a4f0e-2d5c-4c8e-9a43-5c1e0d9f7a21")
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国文辉力斌宇浩凯俊帆"
    "晨阳欣怡雪梅琳楠婷颖佳慧晶鑫宁波"
)
_ROADS = (
    "建国路",
    "朝阳北路",
    "学院路",
    "中关村大街",
    "丰台北路",
    "新街口外大街",
    "和平里东街",
    "百万庄大街",
    "京顺路",
    "通惠河北路",
    "万寿路",
    "西四环中路",
    "北苑路",
    "望京街",
    "双桥路",
    "科创十三街",
    "长安街",
    "阜成路",
    "安立路",
    "广渠路",
    "南三环西路",
    "石景山路",
    "黄村西大街",
    "府前街",
    "新华大街",
)
_DISTRICT_CODES = tuple(DISTRICTS)


@dataclass(frozen=True)
class SyntheticHouse:
    index: int
    house_id: str
    district_code: str
    address: str
    area_m2: str
    property_kind: str
    storey_class: str
    house_type: str
    contract_no: str
    cert_no: str
    owner_name: str
    owner_id_number: str


def house_id(seed: int, index: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{seed}:{index}"))


def _id_number(rng: random.Random, district_code: str) -> str:
    year = rng.randint(1940, 2004)
    body = f"{district_code}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + id_check_char(body)


def synthetic_house(seed: int, index: int) -> SyntheticHouse:
    rng = random.Random(seed * 10_000_019 + index)
    district = _DISTRICT_CODES[rng.randrange(len(_DISTRICT_CODES))]
    name = DISTRICTS[district]
    high_rise = rng.random() < 0.7
    kind = rng.choices(("COMMODITY", "POST_SALE_PUBLIC", "NON_RESIDENTIAL"), weights=(85, 12, 3))[0]
    # index in the address keeps every full address unique (by-address lookups must find one house)
    address = (
        f"{name}{rng.choice(_ROADS)}{rng.randint(1, 300)}号院{index // 4000 + 1}号楼"
        f"{index % 4000 // 400 + 1}单元{index % 400 + 101}"
    )
    area = rng.randint(3500, 18000)
    return SyntheticHouse(
        index=index,
        house_id=house_id(seed, index),
        district_code=district,
        address=address,
        area_m2=f"{area // 100}.{area % 100:02d}",
        property_kind=kind,
        storey_class="HIGH_RISE" if high_rise else "MULTI_STOREY",
        house_type="商品房"
        if kind == "COMMODITY"
        else ("已购公房" if kind == "POST_SALE_PUBLIC" else "非住宅"),
        contract_no=f"S{seed % 100:02d}{index:09d}",
        cert_no=f"京({rng.randint(2005, 2025)}){name}不动产权第{index % 10_000_000:07d}号",
        owner_name=rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2)))),
        owner_id_number=_id_number(rng, district),
    )


def synthetic_houses(count: int, seed: int = 1, start: int = 0) -> Iterator[SyntheticHouse]:
    for index in range(start, start + count):
        yield synthetic_house(seed, index)
