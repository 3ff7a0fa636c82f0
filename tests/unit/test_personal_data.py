"""ID numbers, names and phones: normalising, validating, masking and matching (DESIGN §3)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maintfund_common.errors import ValidationFailed
from maintfund_common.personal_data import (
    identity_matches,
    is_valid_id_number,
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_id_number,
    normalize_name,
    normalize_phone,
)

DEMO_IDS = ["110105198001011238", "11010819850315246X", "110102199007203586", "110106197502034210"]

# An independent oracle for GB 11643 MOD 11-2, written from the standard rather than via stdnum.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(body17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(body17, WEIGHTS, strict=True)) % 11]


areas = st.text(alphabet="0123456789", min_size=6, max_size=6)
birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2024, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


@st.composite
def id_numbers(draw, dates=birth_dates):
    body = f"{draw(areas)}{draw(dates):%Y%m%d}{draw(sequences):03d}"
    return body + check_char(body)


# --- ID numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("id_number", DEMO_IDS)
def test_demo_ids_are_valid_and_already_canonical(id_number):
    assert normalize_id_number(id_number) == id_number
    assert is_valid_id_number(id_number)


def test_wrong_check_character_is_rejected_with_owner_message():
    with pytest.raises(ValidationFailed) as info:
        normalize_id_number("110105198001011239")
    assert info.value.message == "身份证号码格式不正确"
    assert info.value.code == "VALIDATION_FAILED"
    assert info.value.details == {"field": "id_number"}
    assert not is_valid_id_number("110105198001011239")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  110105198001011238\t", "110105198001011238"),
        ("１１０１０５１９８００１０１１２３８", "110105198001011238"),  # full-width digits
        ("11010819850315246x", "11010819850315246X"),
        ("11010819850315246ｘ", "11010819850315246X"),  # full-width lower x
        ("110105800101123", "110105198001011238"),  # legacy 15 digits
    ],
)
def test_normalisation(raw, expected):
    assert normalize_id_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "11010519800101123",  # 17
        "1101051980010112380",  # 19
        "11010519800101123X8",
        "X10105198001011238",
        "1101051980 01011238",  # inner space
        "11010580010112X",  # legacy numbers carry no check char
        "110105801301123",  # legacy number with month 13
        "١١٠١٠٥١٩٨٠٠١٠١١٢٣٨",  # Arabic-Indic digits are digits to Python, not to us
    ],
)
def test_malformed_ids_are_rejected(raw):
    assert not is_valid_id_number(raw)
    with pytest.raises(ValidationFailed):
        normalize_id_number(raw)


@pytest.mark.parametrize("birth", ["19800230", "19801301", "19800100", "18991231", "00000101"])
def test_impossible_birth_dates_rejected_even_with_correct_check_char(birth):
    body = f"110105{birth}123"
    assert not is_valid_id_number(body + check_char(body))


def test_non_strings_are_rejected_not_crashing():
    assert not is_valid_id_number(None)  # type: ignore[arg-type]
    assert not is_valid_id_number(110105198001011238)  # type: ignore[arg-type]


def test_birth_date_in_the_future_is_rejected():
    body = "11010520300101123"
    id_number = body + check_char(body)
    assert normalize_id_number(id_number, today=datetime.date(2030, 1, 1)) == id_number
    with pytest.raises(ValidationFailed):
        normalize_id_number(id_number, today=datetime.date(2029, 12, 31))
    assert not is_valid_id_number(id_number)


def test_retired_area_codes_are_accepted():
    # 110103 was 崇文区 until 2010; its people still carry these numbers.
    for area in ("110103", "110104", "110228"):
        body = f"{area}19650304001"
        assert normalize_id_number(body + check_char(body)) == body + check_char(body)


def test_oracle_matches_the_demo_ids():
    for id_number in DEMO_IDS:
        assert check_char(id_number[:17]) == id_number[17]


@given(id_numbers())
def test_generated_ids_are_valid_and_normalisation_is_idempotent(id_number):
    once = normalize_id_number(id_number)
    assert once == id_number
    assert normalize_id_number(once) == once
    assert normalize_id_number(f" {id_number.lower()} ") == once


@given(id_numbers(), st.integers(min_value=0, max_value=17), st.data())
def test_changing_any_single_character_invalidates(id_number, position, data):
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != id_number[position]]))
    changed = id_number[:position] + replacement + id_number[position + 1 :]
    assert not is_valid_id_number(changed)


@given(id_numbers(dates=st.dates(datetime.date(1900, 1, 1), datetime.date(1999, 12, 31))))
def test_legacy_fifteen_digit_numbers_convert_to_eighteen(id_number):
    legacy = id_number[:6] + id_number[8:17]
    assert len(legacy) == 15
    assert normalize_id_number(legacy) == id_number


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 张伟 ", "张伟"),
        ("张 伟", "张伟"),
        ("\u3000李娜\u3000", "李娜"),
        ("王一博", "王一博"),
        ("欧阳娜娜", "欧阳娜娜"),
        ("Ｊｏｈｎ  Ｓｍｉｔｈ", "John Smith"),
        ("阿卜杜 · 热合曼", "阿卜杜·热合曼"),
    ],
)
def test_name_normalisation(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize("dot", ["•", "・", "．", "﹒", "‧", "·", "･", ".", "∙", "⋅"])
def test_middle_dot_variants_become_u00b7(dot):
    assert normalize_name(f"买买提{dot}艾力") == "买买提\u00b7艾力"


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "张伟1", "张伟１", "张\n伟", "张\u200b伟", "张\x00伟", "·张伟", "张伟·", "张··伟", "张" * 51],
)
def test_bad_names_are_rejected(raw):
    with pytest.raises(ValidationFailed) as info:
        normalize_name(raw)
    assert info.value.message == "姓名格式不正确"


def test_name_of_exactly_fifty_characters_is_accepted():
    assert normalize_name("张" * 50) == "张" * 50


cjk_names = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6
)


@given(st.lists(cjk_names, min_size=1, max_size=3), st.sampled_from(["•", "・", "．", "·", " · "]))
def test_name_normalisation_is_idempotent(parts, dot):
    once = normalize_name(dot.join(parts))
    assert normalize_name(once) == once
    assert once == "·".join(parts)


# --- phones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13800000001",
        " 138 0000 0001 ",
        "138-0000-0001",
        "+86 138 0000 0001",
        "+8613800000001",
        "8613800000001",
        "0086 13800000001",
        "１３８００００００01",
    ],
)
def test_phone_normalisation(raw):
    assert normalize_phone(raw) == "13800000001"


@pytest.mark.parametrize(
    "raw",
    ["", "12800000001", "1380000000", "138000000012", "+1 13800000001", "010-12345678", "1380000000a", "86"],
)
def test_bad_phones_are_rejected(raw):
    with pytest.raises(ValidationFailed) as info:
        normalize_phone(raw)
    assert info.value.message == "手机号码格式不正确"
    assert info.value.details == {"field": "phone"}


# --- masking --------------------------------------------------------------------------------------


def test_mask_examples():
    assert mask_id_number("110105198001011238") == "110105********1238"
    assert mask_id_number("11010819850315246X") == "110108********246X"
    assert mask_phone("13800000001") == "138****0001"
    assert mask_name("张") == "*"
    assert mask_name("张伟") == "张*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_name("阿卜杜·热合曼") == "阿*****曼"
    assert mask_name("") == ""


@given(id_numbers())
def test_id_mask_never_reveals_the_birth_date(id_number):
    masked = mask_id_number(id_number)
    assert len(masked) == 18
    assert masked[:6] == id_number[:6]
    assert masked[6:14] == "*" * 8
    assert masked[14:] == id_number[14:]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_phone_mask_hides_the_middle_four(phone):
    masked = mask_phone(phone)
    assert masked == phone[:3] + "****" + phone[7:]


@given(cjk_names)
def test_name_mask_keeps_at_most_first_and_last(name):
    masked = mask_name(name)
    assert len(masked) == len(name)
    if len(name) == 1:
        assert masked == "*"
    elif len(name) == 2:
        assert masked == name[0] + "*"
    else:
        assert masked == name[0] + "*" * (len(name) - 2) + name[-1]


# --- identity matching ----------------------------------------------------------------------------


def test_identity_matches_on_normalised_values():
    assert identity_matches("李娜", "11010819850315246X", " 李 娜", "11010819850315246x")
    assert identity_matches("张伟", "110105198001011238", "张伟", "110105800101123")
    assert identity_matches(
        "买买提·艾力", "110105198001011238", "买买提•艾力", "１１０１０５１９８００１０１１２３８"
    )


def test_identity_does_not_match_on_either_difference():
    assert not identity_matches("张伟", "110105198001011238", "张玮", "110105198001011238")
    assert not identity_matches("张伟", "110105198001011238", "张伟", "110102199007203586")


def test_identity_never_matches_invalid_input():
    assert not identity_matches("张伟", "110105198001011239", "张伟", "110105198001011239")
    assert not identity_matches("", "110105198001011238", "", "110105198001011238")
