"""Checks on text that comes from outside (URLs, headers, forms, RPC fields).

``str.isdigit()`` also accepts '³', '١' and other Unicode digits, which ``int()`` refuses (a crash) or
reads as another number: a number from outside is ASCII digits only.
"""

from __future__ import annotations


def ascii_digits(value: str) -> bool:
    """Whether ``value`` is one or more of 0-9 (and nothing else)."""
    return value.isascii() and value.isdigit()
