"""Client of the finance e-receipt platform (财政电子票据平台), HTTP JSON API v1.

The platform's published interface
==================================

Base URL: configured per environment (the sandbox serves it at ``http://127.0.0.1:9100``). All bodies
are UTF-8 JSON; all money is integer fen; times are ISO 8601 with offset (Beijing time, ``+08:00``).

Authentication (every ``/einvoice/v1/*`` request)
    Headers ``X-App-Id``, ``X-Timestamp`` (Unix seconds), ``X-Nonce`` (8–64 characters, unique per
    request), ``X-Signature`` = lowercase hex HMAC-SHA256 under the app secret over::

        METHOD \\n PATH \\n TIMESTAMP \\n NONCE \\n hex(sha256(BODY))

    joined with ``\\n`` and no trailing newline. PATH is the request target as sent on the wire:
    the path plus ``?`` and the encoded query string when there is one. BODY is the raw body bytes
    (empty for GET). The platform refuses timestamps more than 300 s off its clock and nonces it has
    seen within that window. Refusals: 401 (headers missing or malformed), 403 (unknown app, wrong
    signature, stale timestamp, replayed nonce).

``POST /einvoice/v1/issue``
    Request ``{app_id, biz_no, payer_name, amount_fen, receiving_unit,
    items: [{name, house_address, area_m2, business_no, amount_fen}]}``. ``area_m2`` is a string with
    two decimals; ``amount_fen`` equals the sum of the items. ``biz_no`` (our deposit's business
    number) is the idempotency key: issuing again with the same ``biz_no`` returns the receipt already
    issued for it (same numbers), or 409 when the amount or payer differ. After that receipt has been
    red-flushed, the same ``biz_no`` issues a new receipt (the re-issue).
    Answer 200 ``{status, biz_no, bill_code, bill_no, check_code, issued_at, amount_fen,
    reject_reason}`` with ``status`` one of ``ISSUED`` (numbers set), ``PROCESSING`` (accepted, ask
    again by query) or ``REJECTED`` (``reject_reason`` set; nothing issued, the request may be sent
    again later). ``bill_code`` has 8 digits (fixed per year), ``bill_no`` 10 digits (sequential per
    ``bill_code``), ``check_code`` 6 letters or digits.

``GET /einvoice/v1/receipts?biz_no=``
    The latest receipt for a business number, same fields as the issue answer, plus
    ``red_bill_code``/``red_bill_no`` when its status is ``RED_FLUSHED``. 404 when the platform has
    never seen the number (then nothing was issued and issuing is safe).

``POST /einvoice/v1/red-flush``
    Request ``{bill_code, bill_no, reason}``; answer ``{status: "RED_FLUSHED", bill_code, bill_no,
    red_bill_code, red_bill_no}``. Idempotent: flushing again returns the same red receipt. 404 for an
    unknown receipt, 409 for a red receipt itself.

``GET /einvoice/v1/verify?bill_code=&bill_no=&check_code=``
    ``{genuine, status, amount_fen, payer_name_masked, issued_at}``; ``genuine`` is false (other fields
    null) when no receipt has these three values.

Errors carry ``{code, message}``. 400 bad request, 401/403 authentication, 404, 409 conflict,
429 and 5xx transient.

How this client maps the platform
=================================
Timeouts, connection failures, 429, 5xx and malformed answers raise
:class:`maintfund_common.errors.Unavailable` (``details["outcome"]`` is ``"unknown"`` when the request
may have reached the platform: query by ``biz_no`` before issuing again). ``REJECTED`` is a normal
:class:`IssueResult`, not an exception. 400 → ``ValidationFailed``, 401/403 → ``PermissionDenied``,
404 → ``NotFound`` (``query`` returns ``None`` instead), 409 → ``Conflict``. The client never retries
by itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from invoice.domain.einvoice import IssueItem, IssueResult, ReceiptStatus, RedFlushResult, VerifyResult
from maintfund_common.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    Unavailable,
    ValidationFailed,
)

__all__ = [
    "EInvoicePlatformClient",
    "IssueItem",
    "IssueResult",
    "ReceiptStatus",
    "RedFlushResult",
    "VerifyResult",
    "sign_request",
]

_BILL_CODE_RE = re.compile(r"[0-9]{8}", re.ASCII)
_BILL_NO_RE = re.compile(r"[0-9]{10}", re.ASCII)
_CHECK_CODE_RE = re.compile(r"[0-9A-Za-z]{6}", re.ASCII)
_AREA_RE = re.compile(r"[0-9]+\.[0-9]{2}", re.ASCII)


def sign_request(secret: bytes, *, method: str, target: str, timestamp: str, nonce: str, body: bytes) -> str:
    """The platform's request signature (see the module docstring)."""
    message = "\n".join((method.upper(), target, timestamp, nonce, hashlib.sha256(body).hexdigest())).encode(
        "utf-8"
    )
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


class EInvoicePlatformClient:
    """Thread-safe enough to share per process (one ``requests.Session``, no mutable state).

    ``timeout`` is passed to every request (seconds, or a ``(connect, read)`` pair).
    """

    def __init__(
        self,
        base_url: str,
        app_id: str,
        app_secret: str | bytes,
        *,
        timeout: float | tuple[float, float] = 5.0,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must be an http(s) URL")
        if not app_id or not app_secret:
            raise ValueError("app_id and app_secret are required")
        parts = urlsplit(base_url.rstrip("/"))
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._base_path = parts.path  # a platform mounted under a path prefix signs it too
        self._app_id = app_id
        self._secret = app_secret.encode("utf-8") if isinstance(app_secret, str) else app_secret
        self._timeout = timeout
        self._session = session or requests.Session()
        self._clock = clock

    # --- operations --------------------------------------------------------------------------

    def issue(
        self,
        *,
        biz_no: str,
        payer_name: str,
        amount_fen: int,
        items: Sequence[IssueItem],
        receiving_unit: str,
    ) -> IssueResult:
        """Ask for a receipt. Safe to repeat with the same ``biz_no`` (the platform's idempotency key)."""
        _check_issue(biz_no, payer_name, amount_fen, items, receiving_unit)
        body = {
            "app_id": self._app_id,
            "biz_no": biz_no,
            "payer_name": payer_name,
            "amount_fen": amount_fen,
            "items": [
                {
                    "name": item.name,
                    "house_address": item.house_address,
                    "area_m2": item.area_m2,
                    "business_no": item.business_no,
                    "amount_fen": item.amount_fen,
                }
                for item in items
            ],
            "receiving_unit": receiving_unit,
        }
        data = self._call("POST", "/einvoice/v1/issue", body=body)
        return _issue_result(data, biz_no)

    def query(self, biz_no: str) -> IssueResult | None:
        """The platform's latest receipt for ``biz_no``, or ``None`` when it has never seen it."""
        if not biz_no:
            raise ValidationFailed("biz_no is required")
        try:
            data = self._call("GET", "/einvoice/v1/receipts", query={"biz_no": biz_no})
        except NotFound:
            return None
        return _issue_result(data, biz_no)

    def red_flush(self, *, bill_code: str, bill_no: str, reason: str) -> RedFlushResult:
        """Cancel an issued receipt with a red (negative) one. Idempotent on the platform."""
        _check_numbers(bill_code, bill_no)
        if not reason.strip():
            raise ValidationFailed("a red-flush needs a reason")
        data = self._call(
            "POST",
            "/einvoice/v1/red-flush",
            body={"bill_code": bill_code, "bill_no": bill_no, "reason": reason},
        )
        status = _status(data)
        if status is not ReceiptStatus.RED_FLUSHED:
            raise _bad_response(f"red-flush answered status {status}")
        red_code, red_no = data.get("red_bill_code"), data.get("red_bill_no")
        _check_response_numbers(red_code, red_no)
        return RedFlushResult(status, bill_code, bill_no, red_code, red_no)

    def verify(self, *, bill_code: str, bill_no: str, check_code: str) -> VerifyResult:
        """Is there a receipt with these three values (a forged one has none)?"""
        data = self._call(
            "GET",
            "/einvoice/v1/verify",
            query={"bill_code": bill_code, "bill_no": bill_no, "check_code": check_code},
        )
        genuine = data.get("genuine")
        if not isinstance(genuine, bool):
            raise _bad_response("verify answer without 'genuine'")
        if not genuine:
            return VerifyResult(genuine=False)
        return VerifyResult(
            genuine=True,
            status=_status(data),
            amount_fen=_opt_int(data.get("amount_fen")),
            payer_name_masked=_opt_str(data.get("payer_name_masked")),
            issued_at=_opt_time(data.get("issued_at")),
        )

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> EInvoicePlatformClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transport ---------------------------------------------------------------------------

    def signed_headers(self, method: str, target: str, body: bytes) -> dict[str, str]:
        """Authentication headers for one request; ``target`` is path plus query as sent."""
        timestamp = str(int(self._clock()))
        nonce = secrets.token_hex(16)
        return {
            "X-App-Id": self._app_id,
            "X-Timestamp": timestamp,
            "X-Nonce": nonce,
            "X-Signature": sign_request(
                self._secret, method=method, target=target, timestamp=timestamp, nonce=nonce, body=body
            ),
        }

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        target = self._base_path + path
        if query:
            target += "?" + urlencode(query)
        raw = b""
        headers = {"Accept": "application/json"}
        if body is not None:
            raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        headers.update(self.signed_headers(method, target, raw))
        url = self._origin + target
        try:
            response = self._session.request(
                method, url, data=raw or None, headers=headers, timeout=self._timeout, allow_redirects=False
            )
        except requests.Timeout as exc:
            raise Unavailable(
                "电子票据平台响应超时，请稍后查询开票结果。", reason="timeout", outcome="unknown", path=path
            ) from exc
        except requests.ConnectionError as exc:
            # A connection that broke after sending may still have been processed.
            raise Unavailable(
                "电子票据平台暂时无法访问，请稍后再试。", reason="connection", outcome="unknown", path=path
            ) from exc
        except requests.RequestException as exc:
            raise Unavailable(
                "电子票据平台暂时无法访问，请稍后再试。", reason="request", outcome="unknown", path=path
            ) from exc
        return _decode(response, path)


# --- helpers ---------------------------------------------------------------------------------


def _decode(response: requests.Response, path: str) -> dict[str, Any]:
    status = response.status_code
    try:
        data = response.json()
    except ValueError:
        data = None
    if status == 200:
        if not isinstance(data, dict):
            raise _bad_response(f"non-JSON answer from {path}")
        return data
    code = str(data.get("code", "")) if isinstance(data, dict) else ""
    message = str(data.get("message", "")) if isinstance(data, dict) else ""
    details = {"http_status": str(status), "platform_code": code, "path": path}
    error: DomainError
    if status == 400:
        error = ValidationFailed(f"电子票据平台拒绝了请求：{message}", "EINVOICE_BAD_REQUEST", **details)
    elif status in (401, 403):
        error = PermissionDenied("电子票据平台认证失败。", "EINVOICE_AUTH_FAILED", **details)
    elif status == 404:
        error = NotFound("电子票据平台没有这张票据。", "EINVOICE_NOT_FOUND", **details)
    elif status == 409:
        error = Conflict(f"电子票据平台冲突：{message}", "EINVOICE_CONFLICT", **details)
    else:
        # 429, 5xx and anything unexpected: transient from our point of view.
        outcome = "unknown" if status >= 500 else "not_applied"
        error = Unavailable("电子票据平台暂时无法处理，请稍后再试。", outcome=outcome, **details)
    raise error


def _bad_response(what: str) -> Unavailable:
    return Unavailable(
        "电子票据平台返回了无法识别的结果。", "EINVOICE_BAD_RESPONSE", outcome="unknown", what=what
    )


def _status(data: Mapping[str, Any]) -> ReceiptStatus:
    try:
        return ReceiptStatus(data.get("status"))
    except ValueError:
        raise _bad_response(f"unknown status {data.get('status')!r}") from None


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad_response("expected a string")
    return value


def _opt_int(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise _bad_response("expected an integer")
    return value


def _opt_time(value: object) -> datetime | None:
    text = _opt_str(value)
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise _bad_response(f"bad time {text!r}") from None
    if parsed.tzinfo is None:
        raise _bad_response(f"time without offset {text!r}")
    return parsed


def _check_response_numbers(bill_code: object, bill_no: object, check_code: object = "000000") -> None:
    if not (
        isinstance(bill_code, str)
        and _BILL_CODE_RE.fullmatch(bill_code)
        and isinstance(bill_no, str)
        and _BILL_NO_RE.fullmatch(bill_no)
        and isinstance(check_code, str)
        and _CHECK_CODE_RE.fullmatch(check_code)
    ):
        raise _bad_response("malformed receipt numbers")


def _issue_result(data: Mapping[str, Any], biz_no: str) -> IssueResult:
    status = _status(data)
    if data.get("biz_no", biz_no) != biz_no:
        raise _bad_response("answer for another biz_no")
    if status is ReceiptStatus.REJECTED:
        return IssueResult(
            status=status,
            biz_no=biz_no,
            reject_reason=_opt_str(data.get("reject_reason")) or "电子票据平台未说明原因",
        )
    if status is ReceiptStatus.PROCESSING:
        return IssueResult(status=status, biz_no=biz_no)
    bill_code, bill_no, check_code = data.get("bill_code"), data.get("bill_no"), data.get("check_code")
    _check_response_numbers(bill_code, bill_no, check_code)
    issued_at = _opt_time(data.get("issued_at"))
    if issued_at is None:
        raise _bad_response("issued receipt without issued_at")
    red_code = red_no = None
    if status is ReceiptStatus.RED_FLUSHED:
        red_code, red_no = data.get("red_bill_code"), data.get("red_bill_no")
        _check_response_numbers(red_code, red_no)
    return IssueResult(
        status=status,
        biz_no=biz_no,
        bill_code=bill_code,
        bill_no=bill_no,
        check_code=check_code,
        issued_at=issued_at,
        amount_fen=_opt_int(data.get("amount_fen")),
        red_bill_code=red_code,
        red_bill_no=red_no,
    )


def _check_numbers(bill_code: str, bill_no: str) -> None:
    if not (_BILL_CODE_RE.fullmatch(bill_code) and _BILL_NO_RE.fullmatch(bill_no)):
        raise ValidationFailed("票据代码应为8位数字，票据号码应为10位数字。")


def _check_issue(
    biz_no: str, payer_name: str, amount_fen: int, items: Sequence[IssueItem], receiving_unit: str
) -> None:
    if not biz_no or not payer_name.strip() or not receiving_unit.strip():
        raise ValidationFailed("biz_no, payer_name and receiving_unit are required")
    if not items:
        raise ValidationFailed("a receipt needs at least one item")
    for item in items:
        if not isinstance(item.amount_fen, int) or isinstance(item.amount_fen, bool) or item.amount_fen <= 0:
            raise ValidationFailed("item amounts must be positive integer fen")
        if not _AREA_RE.fullmatch(item.area_m2):
            raise ValidationFailed("area_m2 must have two decimals, e.g. '89.50'")
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
        raise ValidationFailed("amount_fen must be a positive integer")
    if sum(item.amount_fen for item in items) != amount_fen:
        raise ValidationFailed("amount_fen must equal the sum of the items")
