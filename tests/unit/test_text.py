"""Numbers from outside are ASCII digits: str.isdigit() alone lets int() crash or read another number."""

from __future__ import annotations

import pytest

from maintfund_common.text import ascii_digits


@pytest.mark.parametrize("value", ["0", "42", "1234567890123456789"])
def test_ascii_digits_are_numbers(value: str) -> None:
    assert ascii_digits(value)
    int(value)


@pytest.mark.parametrize("value", ["", "³", "١٢", "５", "12a", " 1", "-1", "1.0", "²³"])
def test_anything_else_is_not(value: str) -> None:
    assert not ascii_digits(value)
