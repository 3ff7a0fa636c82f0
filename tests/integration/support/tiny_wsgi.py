"""A WSGI app for driving the gateway's gunicorn worker: reads no request body, answers at once (or after
half a second on ``/slow``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

BODY = b"x" * 20_000  # larger than one segment, so a reset can cut it short


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ["PATH_INFO"] == "/slow":
        time.sleep(0.5)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
