"""The PII log scrubber masks ID numbers, phones and names and leaves other numbers alone."""

from __future__ import annotations

import datetime
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maintfund_common.log_scrubber import PiiScrubber, install_pii_scrubber, scrub_text

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def valid_id(body17: str) -> str:
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, WEIGHTS, strict=True)) % 11]


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))


@pytest.fixture
def captured():
    logger = logging.getLogger("test_log_scrubber")
    handler = ListHandler()
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    install_pii_scrubber(logger)
    yield logger, handler
    logger.removeHandler(handler)


# --- free text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id=110105198001011238", "id=110105********1238"),
        ("身份证110105198001011238已核验", "身份证110105********1238已核验"),
        ("x 11010819850315246X y", "x 110108********246X y"),
        ("x 11010819850315246x y", "x 110108********246x y"),
        ("legacy 110105800101123.", "legacy 110105*****1123."),
        ("phone 13800000001", "phone 138****0001"),
        ("手机:13800000001,", "手机:138****0001,"),
        ("phone +8613800000001", "phone +86138****0001"),
        ("phone +86 138 0000 0001", "phone +86138****0001"),
        ("phone 138-0000-0001", "phone 138****0001"),
        ('{"phone": "13912345678"}', '{"phone": "139****5678"}'),
        ("a 110105198001011238 b 13800000001", "a 110105********1238 b 138****0001"),
    ],
)
def test_scrub_text_masks(text, expected):
    assert scrub_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "amount_fen=12000000",
        "amount_fen=1380000000",  # ten digits
        "out_trade_no=3f5a110105198001011238bc9d0e1f20",  # hex id with an ID-like run inside
        "request_id=0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
        "ts=1736899200123",  # epoch ms
        "ts=1736899200",
        "at 2026-01-15T12:30:45.123456+08:00",
        "transaction_id=4200001234202601151380000000",  # 28 digits
        "run 9110105198001011238 is longer than an ID",
        "run 1101051980010112389 is longer than an ID",
        "run 113800000001 is longer than a phone",
        "snowflake 123456789012345678",  # 18 digits but no birth date where one would be
        "ratio 0.13800000001",
        "amount 13800000001.50 yuan",
        "business SW202611260001",
        "bill 20261126000100001",
        "receipt 1100260100 code 11002601",
    ],
)
def test_scrub_text_leaves_ordinary_numbers_alone(text):
    assert scrub_text(text) == text


@given(
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.dates(datetime.date(1900, 1, 1), datetime.date(2025, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(["", " ", "：", "身份证", "id=", "(", "\n"]),
)
def test_valid_ids_never_survive(area, born, seq, before):
    id_number = valid_id(f"{area}{born:%Y%m%d}{seq:03d}")
    out = scrub_text(f"{before}{id_number} 之后")
    assert id_number not in out
    assert f"{born:%Y%m%d}" not in out


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", " ", "tel:", "电话"]))
def test_mobiles_never_survive(phone, before):
    out = scrub_text(f"{before}{phone}")
    assert phone not in out
    assert out == f"{before}{phone[:3]}****{phone[7:]}"


@given(st.one_of(st.integers(0, 10**10 - 1), st.integers(10**19, 10**30)))
def test_short_and_very_long_integers_are_untouched(number):
    assert scrub_text(f"amount_fen={number}") == f"amount_fen={number}"


# --- records --------------------------------------------------------------------------------------


def test_message_args_are_scrubbed_after_formatting(captured):
    logger, handler = captured
    logger.info("bind owner %s phone %s amount %d", "110105198001011238", "13800000001", 1380000000)
    assert handler.lines == [
        "test_log_scrubber bind owner 110105********1238 phone 138****0001 amount 1380000000"
    ]
    record = handler.records[0]
    assert record.args is None


def test_extras_are_scrubbed_and_names_masked(captured):
    logger, handler = captured
    payload = {"owner_name": "欧阳娜娜", "id_number": "110105198001011238", "items": ["13800000001", 5]}
    logger.info(
        "registration",
        extra={
            "owner_name": "张伟",
            "payer_name": "王芳",
            "real_name": "阿卜杜·热合曼",
            "note": "call 13800000001",
            "amount_fen": 13800000001,
            "house_id": "3f5a110105198001011238bc9d0e1f20",
            "payload": payload,
        },
    )
    record = handler.records[0]
    assert record.owner_name == "张*"
    assert record.payer_name == "王*"
    assert record.real_name == "阿*****曼"
    assert record.note == "call 138****0001"
    assert record.amount_fen == 13800000001  # numbers in extras are data, not text
    assert record.house_id == "3f5a110105198001011238bc9d0e1f20"
    assert record.payload == {
        "owner_name": "欧**娜",
        "id_number": "110105********1238",
        "items": ["138****0001", 5],
    }
    # The caller's object is not modified.
    assert payload["owner_name"] == "欧阳娜娜"
    assert payload["items"] == ["13800000001", 5]
    assert record.name == "test_log_scrubber"  # the logger's name is not a person's name


def test_exception_text_is_scrubbed(captured):
    logger, handler = captured
    try:
        raise ValueError("no owner with id 110105198001011238")
    except ValueError:
        logger.exception("lookup failed for %s", "13800000001")
    line = handler.lines[0]
    assert "110105198001011238" not in line
    assert "110105********1238" in line
    assert "ValueError" in line
    assert "Traceback" in line
    assert "13800000001" not in line


def test_stack_info_is_scrubbed(captured):
    logger, handler = captured
    id_number = "110105198001011238"  # appears in the source line quoted by the stack
    logger.info("with stack %s", id_number, stack_info=True)
    assert id_number not in handler.lines[0]


def test_bad_format_args_do_not_raise(captured):
    logger, handler = captured
    logger.info("two placeholders %s %s", "110105198001011238")  # noqa: PLE1206 (on purpose)
    assert "110105198001011238" not in handler.lines[0]


def test_two_handlers_both_get_scrubbed_records():
    logger = logging.getLogger("test_log_scrubber.two")
    first, second = ListHandler(), ListHandler()
    for handler in (first, second):
        logger.addHandler(handler)
        handler.addFilter(PiiScrubber())
    logger.propagate = False
    try:
        logger.warning("owner %s", "110105198001011238", extra={"owner_name": "张伟"})
    finally:
        logger.removeHandler(first)
        logger.removeHandler(second)
    assert first.lines == second.lines == ["owner 110105********1238"]
    assert second.records[0].owner_name == "张*"


def test_install_on_root_covers_child_loggers_and_is_idempotent():
    root = logging.getLogger()
    handler = ListHandler()
    root.addHandler(handler)
    try:
        install_pii_scrubber()
        install_pii_scrubber()
        assert sum(isinstance(f, PiiScrubber) for f in handler.filters) == 1
        logging.getLogger("some.child.module").warning("phone %s", "13800000001")
    finally:
        root.removeHandler(handler)
    assert handler.lines == ["phone 138****0001"]
