"""不动产权证号 and 网签合同编号: the two numbers an owner types to find a house (造册, 我要查询).

Owners copy these from paper, so the rules are lenient about width, spaces and bracket styles and
strict about the structure; the canonical form is what the register stores and looks up.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from maintfund_common.districts import (
    DISTRICT_NAME_FORMS,
    ECONOMIC_DEVELOPMENT_ZONE,
    district_by_name,
)
from maintfund_common.errors import ValidationFailed

EARLIEST_CERTIFICATE_YEAR = 1990
SERIAL_DIGITS = 7
# Far longer than any real number: refuse before doing any work on pasted paragraphs.
_MAX_RAW_LENGTH = 100

_BRACKETS = str.maketrans(
    {"〔": "(", "〕": ")", "【": "(", "】": ")", "〖": "(", "〗": ")", "[": "(", "]": ")"}
)
_WHITESPACE = re.compile(r"\s+")
_MODERN = re.compile(r"京\(([0-9]{4})\)(\S+?)不动产权第([0-9]{1,10})号")
_DISTRICT_ALTERNATION = "|".join(map(re.escape, DISTRICT_NAME_FORMS))
# 京房权证<district>[私|股|…]字第<digits>号, optionally with the leading X of some old books.
# 市 = issued by the municipal bureau, no district.
_LEGACY = re.compile(
    rf"(X?)京房权证({_DISTRICT_ALTERNATION}|市)([\u4e00-\u9fff]{{0,4}}?)字第([0-9]{{1,12}})号"
)
_CONTRACT = re.compile(r"[A-Z]{1,2}[0-9]{6,12}")


@dataclass(frozen=True, slots=True)
class CertificateNumber:
    canonical: str
    year: int | None
    district_code: str | None
    legacy: bool

    def __str__(self) -> str:
        return self.canonical


def _cert_error() -> ValidationFailed:
    return ValidationFailed("不动产权证号格式不正确", code="VALIDATION_FAILED", field="cert_no")


def _clean(raw: str) -> str:
    value = unicodedata.normalize("NFKC", raw).translate(_BRACKETS)
    return _WHITESPACE.sub("", value)


def _modern(match: re.Match[str], today: datetime.date) -> CertificateNumber:
    year, district_text, serial = int(match[1]), match[2], int(match[3])
    district = district_by_name(district_text)
    if district is None or not EARLIEST_CERTIFICATE_YEAR <= year <= today.year:
        raise _cert_error()
    if serial == 0 or serial >= 10**SERIAL_DIGITS:
        raise _cert_error()
    # The 开发区's books print the single character 开, not a district name.
    label = "开" if district.code == ECONOMIC_DEVELOPMENT_ZONE else district.name
    canonical = f"京({year}){label}不动产权第{serial:0{SERIAL_DIGITS}d}号"
    return CertificateNumber(canonical, year, district.code, legacy=False)


def _legacy(match: re.Match[str]) -> CertificateNumber:
    prefix, district_text, kind, serial = match[1], match[2], match[3], match[4]
    district = None if district_text == "市" else district_by_name(district_text)
    canonical = f"{prefix}京房权证{district_text}{kind}字第{serial}号"
    return CertificateNumber(canonical, None, district.code if district else None, legacy=True)


def normalize_certificate_number(raw: str, *, today: datetime.date | None = None) -> CertificateNumber:
    """Parse a 不动产权证号 (or a legacy 房屋所有权证号) into its canonical form, or ValidationFailed."""
    if not isinstance(raw, str) or len(raw) > _MAX_RAW_LENGTH:
        raise _cert_error()
    value = _clean(raw)
    if value[:1] == "x":  # the legacy X prefix, typed in lower case
        value = "X" + value[1:]
    if "不动产证明" in value:
        raise ValidationFailed(
            "不动产证明不是房屋所有权证书，请填写不动产权证书上的证号",
            code="CERTIFICATE_NOT_OWNERSHIP",
            field="cert_no",
        )
    if match := _MODERN.fullmatch(value):
        return _modern(match, today or datetime.date.today())
    if match := _LEGACY.fullmatch(value):
        return _legacy(match)
    raise _cert_error()


def normalize_contract_number(raw: str) -> str:
    """网签合同编号: one or two letters then 6–12 digits, e.g. Y2024000123."""
    value = unicodedata.normalize("NFKC", raw).strip().upper() if isinstance(raw, str) else ""
    if not _CONTRACT.fullmatch(value):
        raise ValidationFailed("网签合同编号格式不正确", code="VALIDATION_FAILED", field="contract_no")
    return value
