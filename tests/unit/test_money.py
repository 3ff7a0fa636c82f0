"""Money helpers: yuan strings, display form and Chinese capitals (会计基础工作规范 第五十二条)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maintfund_common.money import (
    MAX_CAPITALS_FEN,
    fen_to_yuan,
    format_yuan,
    to_chinese_capitals,
    yuan_to_fen,
)

# --- yuan strings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "text"),
    [(0, "0.00"), (5, "0.05"), (50, "0.50"), (123450, "1234.50"), (-5, "-0.05"), (-123401, "-1234.01")],
)
def test_fen_to_yuan(fen: int, text: str) -> None:
    assert fen_to_yuan(fen) == text


@pytest.mark.parametrize(
    ("text", "fen"),
    [("12", 1200), ("12.3", 1230), ("12.34", 1234), ("0.05", 5), ("0", 0), ("007.10", 710)],
)
def test_yuan_to_fen(text: str, fen: int) -> None:
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize(
    "text",
    ["", ".", "12.", ".5", "12.345", "1,234.00", " 12", "12 ", "1e3", "１２", "12.3a", "abc", "--1", "NaN"],
)
def test_yuan_to_fen_rejects_junk(text: str) -> None:
    with pytest.raises(ValueError):
        yuan_to_fen(text)


def test_yuan_to_fen_signs() -> None:
    with pytest.raises(ValueError):
        yuan_to_fen("-1.00")
    with pytest.raises(ValueError):
        yuan_to_fen("+1.00")
    assert yuan_to_fen("-1.05", signed=True) == -105
    assert yuan_to_fen("+1.05", signed=True) == 105
    with pytest.raises(ValueError):
        yuan_to_fen("-+1", signed=True)


def test_types_are_strict() -> None:
    with pytest.raises(TypeError):
        fen_to_yuan(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fen_to_yuan(True)
    with pytest.raises(TypeError):
        yuan_to_fen(12)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_yuan_round_trip(fen: int) -> None:
    assert yuan_to_fen(fen_to_yuan(fen), signed=True) == fen


def test_format_yuan() -> None:
    assert format_yuan(123450) == "¥1,234.50"
    assert format_yuan(5) == "¥0.05"
    assert format_yuan(100000000) == "¥1,000,000.00"
    assert format_yuan(-123450) == "-¥1,234.50"


# --- Chinese capitals: examples -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("yuan", "capitals"),
    [
        ("1200.00", "人民币壹仟贰佰元整"),
        ("1005.00", "人民币壹仟零伍元整"),
        ("1000.05", "人民币壹仟元零伍分"),
        ("0.50", "人民币伍角整"),
        ("0.05", "人民币伍分"),
        ("0.55", "人民币伍角伍分"),
        ("0.00", "人民币零元整"),
        ("10.00", "人民币壹拾元整"),
        ("100000.00", "人民币壹拾万元整"),
        ("100100.00", "人民币壹拾万零壹佰元整"),
        ("20001000.00", "人民币贰仟万壹仟元整"),
        ("20000100.00", "人民币贰仟万零壹佰元整"),
        ("100000000.00", "人民币壹亿元整"),
        ("100001234.00", "人民币壹亿零壹仟贰佰叁拾肆元整"),
        ("1000100000.00", "人民币壹拾亿零壹拾万元整"),
        ("999999999999.99", "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        # the regulation's own examples (first form where it offers two)
        ("1409.50", "人民币壹仟肆佰零玖元伍角整"),
        ("6007.14", "人民币陆仟零柒元壹角肆分"),
        ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
    ],
)
def test_capitals_examples(yuan: str, capitals: str) -> None:
    assert to_chinese_capitals(yuan_to_fen(yuan)) == capitals


def test_capitals_options() -> None:
    assert to_chinese_capitals(120000, prefix=False) == "壹仟贰佰元整"
    assert to_chinese_capitals(120000, whole="正") == "人民币壹仟贰佰元正"
    assert to_chinese_capitals(-120000) == "人民币负壹仟贰佰元整"
    with pytest.raises(ValueError):
        to_chinese_capitals(MAX_CAPITALS_FEN + 1)
    with pytest.raises(ValueError):
        to_chinese_capitals(1, whole="了")
    with pytest.raises(TypeError):
        to_chinese_capitals(1.0)  # type: ignore[arg-type]


# --- Chinese capitals: properties ---------------------------------------------------------------

_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL_UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def _parse_section(text: str) -> int:
    """Independent reader for a number below 1万 written with 拾佰仟 and 零."""
    total = 0
    digit = None
    for ch in text:
        if ch == "零":
            continue
        if ch in _DIGIT:
            assert digit is None, text
            digit = _DIGIT[ch]
        elif ch in _SMALL_UNIT:
            assert digit is not None, text
            total += digit * _SMALL_UNIT[ch]
            digit = None
        else:
            raise AssertionError(f"unexpected {ch!r} in {text!r}")
    return total + (digit or 0)


def _parse_integer(text: str) -> int:
    total = 0
    for unit, factor in (("亿", 10**8), ("万", 10**4)):
        if unit in text:
            head, text = text.split(unit)
            total += _parse_section(head) * factor
    return total + _parse_section(text)


def parse_capitals(text: str) -> int:
    """Capitals back to fen, written without looking at the implementation."""
    text = text.removeprefix("人民币")
    sign = 1
    if text.startswith("负"):
        sign, text = -1, text[1:]
    text = text.removesuffix("整").removesuffix("正")
    yuan = 0
    if "元" in text:
        head, text = text.split("元")
        yuan = _parse_integer(head)
    jiao = fen = 0
    text = text.lstrip("零")
    if "角" in text:
        head, text = text.split("角")
        jiao = _DIGIT[head]
    if "分" in text:
        head, text = text.split("分")
        fen = _DIGIT[head.lstrip("零")]
    assert text == "", text
    return sign * (yuan * 100 + jiao * 10 + fen)


# Amounts with many zeros exercise the 零 rules much harder than uniform integers.
_zero_rich = st.lists(st.sampled_from([0, 0, 0, 0, 1, 2, 5, 9]), min_size=1, max_size=14).map(
    lambda digits: int("".join(map(str, digits)))
)
amounts = st.one_of(st.integers(min_value=0, max_value=MAX_CAPITALS_FEN), _zero_rich)


@given(amounts)
def test_capitals_round_trip(fen: int) -> None:
    assert parse_capitals(to_chinese_capitals(fen)) == fen
    assert parse_capitals(to_chinese_capitals(fen, prefix=False)) == fen
    assert parse_capitals(to_chinese_capitals(-fen)) == -fen


@given(amounts)
def test_capitals_end_with_zheng_iff_no_fen(fen: int) -> None:
    text = to_chinese_capitals(fen)
    assert text.endswith("整") == (fen % 10 == 0)
    if fen % 10:
        assert text.endswith("分")


@given(amounts)
def test_capitals_zero_rules(fen: int) -> None:
    text = to_chinese_capitals(fen, prefix=False)
    assert "零零" not in text
    if fen:
        assert not text.startswith("零")
        # a zero is never written right before a section unit or at the end
        for unit in ("元", "万", "亿", "整"):
            assert "零" + unit not in text
    else:
        assert text == "零元整"
    assert "拾" not in text or not text.startswith("拾")
