"""Order amounts from the API and the form: positive integer fen that fit the RPCs' int64."""

from __future__ import annotations

import pytest

from gateway.ops.payments import MAX_AMOUNT_FEN, parse_amount
from maintfund_common import errors


def test_amounts_within_int64_pass() -> None:
    assert parse_amount({"amount_fen": 1}) == 1
    assert parse_amount({"amount_fen": MAX_AMOUNT_FEN}) == MAX_AMOUNT_FEN
    assert parse_amount({"amount_yuan": "12.34"}) == 1234
    assert parse_amount({}) == 0


def test_full_width_digits_typed_on_a_phone_are_the_same_amount() -> None:
    assert parse_amount({"amount_yuan": "１２３"}) == 12300
    assert parse_amount({"amount_yuan": "１２３．４５"}) == 12345
    assert parse_amount({"amount_yuan": " ２００ "}) == 20000


@pytest.mark.parametrize(
    "body",
    [
        # found by Schemathesis: a huge integer failed inside protobuf as a 500
        {"amount_fen": MAX_AMOUNT_FEN + 1},
        {"amount_fen": 20941712714466103296},
        {"amount_yuan": "9" * 22},
        {"amount_fen": 0},
        {"amount_fen": True},
        {"amount_fen": 1.5},
    ],
)
def test_out_of_range_amounts_are_validation_errors(body: dict) -> None:
    with pytest.raises(errors.ValidationFailed) as info:
        parse_amount(body)
    assert info.value.details["field"] == "amount_fen"
