"""Times shown to people are Beijing time: the one helper every page, PDF and SMS uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from maintfund_common.beijing_time import BEIJING, beijing_today, format_beijing, to_beijing


def test_a_utc_instant_reads_as_beijing_time() -> None:
    assert format_beijing("2026-11-27T04:30:00+00:00") == "2026-11-27 12:30"
    assert format_beijing("2026-11-27T04:30:00Z", "second") == "2026-11-27 12:30:00"
    assert format_beijing(datetime(2026, 11, 27, 4, 59, tzinfo=UTC), "time") == "12:59"


def test_paid_between_midnight_and_eight_beijing_shows_the_beijing_date() -> None:
    # 2026-03-01 07:30 Beijing is still 2026-02-28 in UTC
    assert format_beijing("2026-02-28T23:30:00+00:00", "date") == "2026-03-01"
    assert beijing_today(datetime(2026, 2, 28, 16, 0, tzinfo=UTC)) == "2026-03-01"


def test_other_offsets_and_naive_values() -> None:
    tokyo = timezone(timedelta(hours=9))
    assert format_beijing(datetime(2026, 1, 1, 9, 0, tzinfo=tokyo)) == "2026-01-01 08:00"
    assert format_beijing(datetime(2026, 1, 1, 0, 0)) == "2026-01-01 08:00"  # naive = UTC
    assert to_beijing("2026-01-01T00:00:00+00:00").utcoffset() == timedelta(hours=8)
    assert BEIJING.tzname(None) == "Asia/Shanghai"


def test_empty_and_unreadable_values_are_never_a_wrong_time() -> None:
    assert format_beijing(None) == ""
    assert format_beijing("") == ""
    assert format_beijing("not a time") == "not a time"
