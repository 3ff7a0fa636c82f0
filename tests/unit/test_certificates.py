"""不动产权证号, 网签合同编号 and the district table."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maintfund_common.districts import DISTRICTS, District, district_by_code, district_by_name
from maintfund_common.errors import ValidationFailed
from registry.domain.certificates import (
    CertificateNumber,
    normalize_certificate_number,
    normalize_contract_number,
)

TODAY = datetime.date(2026, 6, 1)
DEMO_CERT = "京(2023)朝阳区不动产权第0012345号"


def parse(raw: str) -> CertificateNumber:
    return normalize_certificate_number(raw, today=TODAY)


# --- districts ------------------------------------------------------------------------------------


def test_district_table_has_16_districts_and_the_development_zone():
    assert len(DISTRICTS) == 17
    assert DISTRICTS["110105"] == "朝阳区"
    assert DISTRICTS["110199"] == "经济技术开发区"
    assert district_by_code("110108") == District("110108", "海淀区", "海")
    assert district_by_code("110103") is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("朝阳区", "110105"),
        ("朝阳", "110105"),
        ("朝", "110105"),
        (" 石景山 ", "110107"),
        ("大兴", "110115"),
        ("兴", "110115"),
        ("开", "110199"),
        ("经济技术开发区", "110199"),
        ("崇文区", "110101"),
        ("宣武", "110102"),
        ("密云县", "110118"),
    ],
)
def test_district_by_name(name, code):
    district = district_by_name(name)
    assert district is not None
    assert district.code == code


@pytest.mark.parametrize("name", ["", "北京", "浦东新区", "朝阳区区", "市"])
def test_unknown_district_names(name):
    assert district_by_name(name) is None


@pytest.mark.parametrize("code", sorted(DISTRICTS))
def test_every_district_round_trips_by_each_name_form(code):
    district = district_by_code(code)
    assert district is not None
    assert district_by_name(district.name) == district
    assert district_by_name(district.short) == district


# --- modern certificates --------------------------------------------------------------------------


def test_demo_certificate():
    cert = parse(DEMO_CERT)
    assert cert == CertificateNumber(DEMO_CERT, 2023, "110105", legacy=False)
    assert str(cert) == DEMO_CERT


@pytest.mark.parametrize(
    "raw",
    [
        "京（2023）朝阳区不动产权第0012345号",
        "京〔2023〕朝阳区不动产权第0012345号",
        "京[2023]朝阳区不动产权第0012345号",
        "京【2023】朝阳区不动产权第0012345号",
        "京(２０２３)朝阳不动产权第１２３４５号",
        " 京 (2023) 朝阳区 不动产权第 12345 号 ",
        "京\u3000(2023)朝阳区不动产权第00012345号",
        "京(2023)朝不动产权第12345号",
    ],
)
def test_modern_variants_normalise_to_one_form(raw):
    assert parse(raw) == CertificateNumber(DEMO_CERT, 2023, "110105", legacy=False)


def test_development_zone_keeps_its_single_character():
    for raw in ("京(2020)开不动产权第0000001号", "京（2020）经济技术开发区不动产权第1号"):
        assert parse(raw) == CertificateNumber("京(2020)开不动产权第0000001号", 2020, "110199", False)


@pytest.mark.parametrize("code", sorted(DISTRICTS))
def test_every_district_is_accepted(code):
    district = district_by_code(code)
    label = "开" if code == "110199" else district.name
    cert = parse(f"京(2019){district.name}不动产权第7654321号")
    assert cert.canonical == f"京(2019){label}不动产权第7654321号"
    assert cert.district_code == code


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "京(2023)朝阳区不动产权第号",
        "京(2023)朝阳区不动产权第0000000号",  # serial zero
        "京(2023)朝阳区不动产权第12345678号",  # eight significant digits
        "京(1989)朝阳区不动产权第0012345号",
        "京(2027)朝阳区不动产权第0012345号",  # after TODAY's year
        "京(23)朝阳区不动产权第0012345号",
        "沪(2023)浦东新区不动产权第0012345号",
        "京(2023)浦东新区不动产权第0012345号",
        "京(2023)不动产权第0012345号",
        "京(2023)朝阳区不动产权第0012345",
        "京(2023)朝阳区不动产权第0012a45号",
        "京(2023)朝阳区不动产权第0012345号号",
        "Y2024000123",
        "京" * 101,
    ],
)
def test_malformed_certificates(raw):
    with pytest.raises(ValidationFailed) as info:
        parse(raw)
    assert info.value.message == "不动产权证号格式不正确"
    assert info.value.code == "VALIDATION_FAILED"
    assert info.value.details == {"field": "cert_no"}


def test_non_string_is_a_validation_error():
    with pytest.raises(ValidationFailed):
        normalize_certificate_number(None)  # type: ignore[arg-type]


def test_year_bounds_follow_today():
    assert parse("京(1990)朝阳区不动产权第1号").year == 1990
    assert parse("京(2026)朝阳区不动产权第1号").year == 2026
    with pytest.raises(ValidationFailed):
        normalize_certificate_number("京(2026)朝阳区不动产权第1号", today=datetime.date(2025, 12, 31))


@pytest.mark.parametrize(
    "raw",
    [
        "京(2023)朝阳区不动产证明第0012345号",
        "京（2023）朝阳 不动产证明第 12345 号",
        "京(2023)不动产证明第1号",
    ],
)
def test_other_rights_certificates_are_refused_with_their_own_code(raw):
    with pytest.raises(ValidationFailed) as info:
        parse(raw)
    assert info.value.code == "CERTIFICATE_NOT_OWNERSHIP"
    assert info.value.message == "不动产证明不是房屋所有权证书，请填写不动产权证书上的证号"


district_names = st.sampled_from(
    [name for code in DISTRICTS for name in (DISTRICTS[code], district_by_code(code).short)]
)


@given(
    st.integers(1990, 2026),
    district_names,
    st.integers(1, 9_999_999),
    st.integers(0, 3),
    st.sampled_from([("(", ")"), ("（", "）"), ("〔", "〕"), ("[", "]")]),
    st.booleans(),
)
def test_generated_certificates_are_canonical_and_idempotent(year, district, serial, zeros, brackets, spaced):
    digits = "0" * zeros + str(serial)
    sep = " " if spaced else ""
    raw = f"京{brackets[0]}{year}{brackets[1]}{sep}{district}{sep}不动产权第{sep}{digits}{sep}号"
    cert = parse(raw)
    assert cert.year == year
    assert cert.district_code == district_by_name(district).code
    assert cert.canonical.endswith(f"不动产权第{serial:07d}号")
    assert not cert.legacy
    assert parse(cert.canonical) == cert


# --- legacy certificates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical", "district_code"),
    [
        ("X京房权证朝字第123456号", "X京房权证朝字第123456号", "110105"),
        ("x京房权证朝字第123456号", "X京房权证朝字第123456号", "110105"),
        ("京房权证海私字第0123号", "京房权证海私字第0123号", "110108"),
        (" 京房权证 海私字 第 0123 号", "京房权证海私字第0123号", "110108"),
        ("京房权证兴股字第00456号", "京房权证兴股字第00456号", "110115"),
        ("京房权证崇字第77号", "京房权证崇字第77号", "110101"),
        ("京房权证市字第1号", "京房权证市字第1号", None),
        ("ＸＸ京房权证朝字第1号", None, None),
    ],
)
def test_legacy_house_ownership_certificates(raw, canonical, district_code):
    if canonical is None:
        with pytest.raises(ValidationFailed):
            parse(raw)
        return
    cert = parse(raw)
    assert cert == CertificateNumber(canonical, None, district_code, legacy=True)
    assert parse(cert.canonical) == cert


@pytest.mark.parametrize(
    "raw", ["京房权证字第123号", "京房权证沪字第123号", "京房权证朝字第号", "京房权证朝字123号"]
)
def test_malformed_legacy_certificates(raw):
    with pytest.raises(ValidationFailed) as info:
        parse(raw)
    assert info.value.code == "VALIDATION_FAILED"


# --- contract numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Y2024000123", "Y2024000123"),
        (" y2024000456 ", "Y2024000456"),
        ("Ｙ２０２４０００１２３", "Y2024000123"),
        ("CY123456", "CY123456"),
        ("X123456789012", "X123456789012"),
    ],
)
def test_contract_numbers(raw, expected):
    assert normalize_contract_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "2024000123",
        "Y12345",
        "Y1234567890123",
        "ABC123456",
        "Y2024 000123",
        "Y2024-000123",
        "Y２０２４!",
    ],
)
def test_bad_contract_numbers(raw):
    with pytest.raises(ValidationFailed) as info:
        normalize_contract_number(raw)
    assert info.value.message == "网签合同编号格式不正确"
    assert info.value.details == {"field": "contract_no"}


@given(st.from_regex(r"[A-Za-z]{1,2}[0-9]{6,12}", fullmatch=True))
def test_contract_normalisation_is_idempotent(raw):
    once = normalize_contract_number(raw)
    assert once == raw.upper()
    assert normalize_contract_number(once) == once
