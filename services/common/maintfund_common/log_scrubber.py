"""A logging filter that masks ID numbers, mobile numbers and names before any handler writes them.

DESIGN §8: personal data never reaches a log line in clear. Patterns are anchored with lookarounds so
amounts in fen, hex ids, epoch timestamps and longer digit runs (transaction ids) are left alone.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from maintfund_common.personal_data import mask_id_number, mask_name, mask_phone

NAME_KEYS = frozenset({"name", "owner_name", "payer_name", "real_name"})

# ASCII letters/digits/underscore: "\w" would also count Chinese characters, and "身份证110105…" must match.
_BEFORE = r"(?<![0-9A-Za-z_.])"
_AFTER = r"(?![0-9A-Za-z_]|\.[0-9])"
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
# Requiring a plausible birth date keeps 18-digit snowflake ids and order numbers out.
_ID18 = re.compile(rf"{_BEFORE}[0-9]{{6}}(?:18|19|20)[0-9]{{2}}{_DATE}[0-9]{{3}}[0-9Xx]{_AFTER}")
_ID15 = re.compile(rf"{_BEFORE}[0-9]{{8}}{_DATE}[0-9]{{3}}{_AFTER}")
_PHONE = re.compile(
    rf"(?<![0-9A-Za-z_.+])((?:\+|00)?86[ -]?)?(1[3-9][0-9])([ -]?)([0-9]{{4}})\3([0-9]{{4}}){_AFTER}"
)

# Attributes every LogRecord has; everything else in record.__dict__ came from ``extra=``.
_STANDARD_ATTRS = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
_MAX_DEPTH = 4


def _mask_phone_match(match: re.Match[str]) -> str:
    prefix = (match[1] or "").strip(" -")
    return f"{prefix}{mask_phone(match[2] + match[4] + match[5])}"


def scrub_text(text: str) -> str:
    """Mask every ID number and mobile number in free text."""
    text = _ID18.sub(lambda m: mask_id_number(m[0]), text)
    text = _ID15.sub(lambda m: mask_id_number(m[0]), text)
    return _PHONE.sub(_mask_phone_match, text)


def _scrub_value(value: Any, depth: int = 0) -> Any:
    """Scrubbed copy of strings and of dicts/lists/tuples of them; the caller's objects stay untouched."""
    if isinstance(value, str):
        return scrub_text(value)
    if depth >= _MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {k: _scrub_item(k, v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrub_value(v, depth + 1) for v in value)
    return value


def _scrub_item(key: Any, value: Any, depth: int) -> Any:
    if key in NAME_KEYS and isinstance(value, str):
        return mask_name(value)
    return _scrub_value(value, depth)


class PiiScrubber(logging.Filter):
    """Rewrites the record in place (message, exception text, extras); never drops it.

    Scrubbing is idempotent (masked text matches no pattern), so a record shared by several handlers
    may pass through several scrubbers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not break the caller; logging would report it anyway
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = scrub_text(message), None
        if record.exc_info:
            # Exception messages can quote user input; keep only the scrubbed text of the traceback.
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = scrub_text(text), None
        elif record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_text(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD_ATTRS:
                record.__dict__[key] = _scrub_item(key, value, 0)
        return True


def install_pii_scrubber(logger: logging.Logger | None = None) -> PiiScrubber:
    """Attach one scrubber to every handler of ``logger`` (the root by default); safe to call twice.

    Handler filters also see records propagated from child loggers, which logger filters do not.
    Handlers added later need ``handler.addFilter(scrubber)`` with the returned instance.
    """
    target = logger or logging.getLogger()
    scrubber = PiiScrubber()
    for handler in target.handlers:
        if not any(isinstance(f, PiiScrubber) for f in handler.filters):
            handler.addFilter(scrubber)
    return scrubber
