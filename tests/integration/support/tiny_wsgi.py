"""A WSGI app for driving the gateway's gunicorn worker: answers at once and reads no request body."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

BODY = b"x" * 20_000  # larger than one segment, so a reset can cut it short


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
