"""Beijing's 16 districts and the 经济技术开发区, by GB/T 2260 code (110199 is our code for the 开发区).

Several services need them: registry (houses, certificate numbers), the review queues per 管理部, the UI.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

ECONOMIC_DEVELOPMENT_ZONE = "110199"

DISTRICTS: dict[str, str] = {
    "110101": "东城区",
    "110102": "西城区",
    "110105": "朝阳区",
    "110106": "丰台区",
    "110107": "石景山区",
    "110108": "海淀区",
    "110109": "门头沟区",
    "110111": "房山区",
    "110112": "通州区",
    "110113": "顺义区",
    "110114": "昌平区",
    "110115": "大兴区",
    "110116": "怀柔区",
    "110117": "平谷区",
    "110118": "密云区",
    "110119": "延庆区",
    ECONOMIC_DEVELOPMENT_ZONE: "经济技术开发区",
}

# The one-character forms used on older certificates (京房权证朝字…, 京房权证兴字…).
_ONE_CHAR = {
    "110101": "东",
    "110102": "西",
    "110105": "朝",
    "110106": "丰",
    "110107": "石",
    "110108": "海",
    "110109": "门",
    "110111": "房",
    "110112": "通",
    "110113": "顺",
    "110114": "昌",
    "110115": "兴",
    "110116": "怀",
    "110117": "平",
    "110118": "密",
    "110119": "延",
    ECONOMIC_DEVELOPMENT_ZONE: "开",
}

# Former names still printed on old documents, mapped to the district that holds those houses today
# (崇文/宣武 merged into 东城/西城 in 2010; 密云/延庆 were counties until 2015).
_FORMER_NAMES = {
    "崇文区": "110101",
    "崇文": "110101",
    "崇": "110101",
    "宣武区": "110102",
    "宣武": "110102",
    "宣": "110102",
    "密云县": "110118",
    "延庆县": "110119",
    "大": "110115",
    "经开区": ECONOMIC_DEVELOPMENT_ZONE,
    "经开": ECONOMIC_DEVELOPMENT_ZONE,
    "开发区": ECONOMIC_DEVELOPMENT_ZONE,
    "北京经济技术开发区": ECONOMIC_DEVELOPMENT_ZONE,
}


class District(NamedTuple):
    code: str
    name: str  # full name, e.g. 朝阳区
    short: str  # one character, e.g. 朝


def _build_name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name in DISTRICTS.items():
        index[name] = code
        index[_ONE_CHAR[code]] = code
        if name.endswith("区") and code != ECONOMIC_DEVELOPMENT_ZONE:
            index[name[:-1]] = code
    index.update(_FORMER_NAMES)
    return index


_BY_NAME = _build_name_index()
# Longest first, so a parser trying names in order takes 朝阳 before 朝.
DISTRICT_NAME_FORMS: tuple[str, ...] = tuple(sorted(_BY_NAME, key=len, reverse=True))


def district_by_code(code: str) -> District | None:
    name = DISTRICTS.get(code)
    return None if name is None else District(code, name, _ONE_CHAR[code])


def district_by_name(name: str) -> District | None:
    """Full (朝阳区), short (朝阳), one-character (朝) or former (崇文区) names; None if unknown."""
    code = _BY_NAME.get(unicodedata.normalize("NFKC", name).strip())
    return None if code is None else district_by_code(code)
