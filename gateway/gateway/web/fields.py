"""Errors at the field: a refused form shows each message next to the input it is about.

A service names the field of a validation error (``field`` in the error's details, the same name as in
/api/v1); a page's input may be called otherwise (the amount is typed in yuan). What names no field of
the form stays one message above it.
"""

from __future__ import annotations

from maintfund_common import errors

# /api/v1 field name -> the form input that carries it
FORM_NAMES = {"amount_fen": "amount_yuan"}


def split(exc: errors.DomainError, fields: tuple[str, ...]) -> tuple[dict[str, str], str]:
    """``({input name: message}, "")`` when the error names one of ``fields``, else ``({}, message)``."""
    field = exc.details.get("field", "")
    field = FORM_NAMES.get(field, field)
    if field in fields:
        return {field: exc.message}, ""
    return {}, exc.message
