"""Speech text for amounts and masked numbers (issue 19): what a screen reader says must be right."""

from __future__ import annotations

import pytest

from gateway.web.speech import spoken_masked, spoken_yuan


@pytest.mark.parametrize(
    ("fen", "said"),
    [
        (489658, "人民币四千八百九十六元五角八分"),
        (120000, "人民币一千二百元"),
        (0, "人民币零元"),
        (50, "人民币五角"),
        (5, "人民币五分"),
        (100005, "人民币一千元零五分"),
        (1200, "人民币十二元"),
        (10000000, "人民币十万元"),
        (10010000, "人民币十万零一百元"),
        (-100, "人民币负一元"),
        (-1200, "人民币负十二元"),
        (11000000000, "人民币一亿一千万元"),
    ],
)
def test_amounts_read_as_chinese_words(fen: int, said: str) -> None:
    assert spoken_yuan(fen) == said


def test_an_amount_beyond_the_words_reads_its_figures() -> None:
    assert spoken_yuan(10**16) == "¥100,000,000,000,000.00"


@pytest.mark.parametrize(
    ("masked", "kind", "said"),
    [
        ("110105********1238", "id_number", "身份证号末四位1238"),
        ("110105********123X", "id_number", "身份证号末四位123X"),
        ("138****0001", "phone", "手机号末四位0001"),
        ("****", "phone", "手机号已隐藏"),
        ("", "id_number", "身份证号已隐藏"),
    ],
)
def test_masked_numbers_say_only_their_visible_tail(masked: str, kind: str, said: str) -> None:
    assert spoken_masked(masked, kind) == said
