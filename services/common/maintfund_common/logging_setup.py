"""One JSON logging setup for every process, with the request id and the personal-data scrubber."""

from __future__ import annotations

import contextvars
import functools
import ipaddress
import logging
import sys
import uuid

from pythonjsonlogger.json import JsonFormatter

from maintfund_common.log_scrubber import PiiScrubber

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# The end user's address as the gateway saw it (behind ProxyFix), carried to the services for the audit trail.
_client_ip: contextvars.ContextVar[str] = contextvars.ContextVar("client_ip", default="")

REQUEST_ID_HEADER = "x-request-id"
CLIENT_IP_HEADER = "x-client-ip"


def new_request_id() -> str:
    return uuid.uuid4().hex


def get_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> contextvars.Token[str]:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)


def clean_client_ip(raw: object) -> str:
    """A textual IPv4/IPv6 address, or "" for anything else (metadata is input like any other)."""
    text = str(raw or "").strip()
    if not text or len(text) > 45:
        return ""
    return _canonical_ip(text)


@functools.lru_cache(maxsize=4096)
def _canonical_ip(text: str) -> str:
    # every request and every RPC passes its client's address here, and the same few addresses recur:
    # parsing one costs more than the rest of the request-context set-up (profiled)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


def get_client_ip() -> str:
    return _client_ip.get()


def set_client_ip(value: str) -> contextvars.Token[str]:
    return _client_ip.set(clean_client_ip(value))


def reset_client_ip(token: contextvars.Token[str]) -> None:
    _client_ip.reset(token)


class _ContextFilter(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.service = self.service
        return True


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route every logger through one JSON handler on stderr. Idempotent."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(service)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    handler.addFilter(_ContextFilter(service))
    handler.addFilter(PiiScrubber())
    root.addHandler(handler)
    root.setLevel(level)
    # pika logs every reconnect attempt at INFO with tracebacks; keep its warnings only.
    logging.getLogger("pika").setLevel(logging.WARNING)
