"""Beijing time: the one place that turns stored UTC instants into the times people read.

Storage, protos and JSON carry UTC instants (RFC 3339); every page, PDF and SMS shows Asia/Shanghai time.
China has kept UTC+8 without daylight saving since 1991, so the zone is a fixed offset: nothing depends on
the machine's tz database (slim container images have none).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

FORMATS = {
    "date": "%Y-%m-%d",
    "minute": "%Y-%m-%d %H:%M",
    "second": "%Y-%m-%d %H:%M:%S",
    "time": "%H:%M",
}


def to_beijing(moment: datetime | str | None) -> datetime | None:
    """An instant (aware datetime or RFC 3339 text) in Beijing time; naive values are taken as UTC.

    ``None``, ``""`` and unreadable text give ``None``.
    """
    if moment is None or moment == "":
        return None
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def format_beijing(moment: datetime | str | None, style: str = "minute") -> str:
    """``2026-11-27T04:30:00+00:00`` → ``2026-11-27 12:30`` (``style``: date, minute, second, time).

    An empty value gives ``""``; unreadable text is returned as it came (never a wrong time).
    """
    local = to_beijing(moment)
    if local is None:
        return "" if moment in (None, "") else str(moment)
    return local.strftime(FORMATS[style])


def beijing_today(now: datetime | None = None) -> str:
    """Today's date in Beijing, ``YYYY-MM-DD``."""
    return format_beijing(now or datetime.now(UTC), "date")
