"""Stand-in for the finance e-receipt platform (财政电子票据平台), in memory.

Implements the platform's HTTP JSON API v1 exactly as the invoice service's client documents it
(``services/invoice/invoice/adapters/einvoice_platform.py``): signed requests, ``issue`` idempotent by
``biz_no``, query by ``biz_no``, red-flush and verify. The signature check is written here again on
purpose, so the client is tested against an independent implementation.

Sandbox controls (unauthenticated, local only):

- ``POST /sandbox/einvoice/mode`` ``{"mode": "ok"|"fail"|"slow"}``; ``GET`` returns the mode.
  ``fail``: new issues are answered ``REJECTED`` with a reason (nothing recorded as issued).
  ``slow``: issue and red-flush record their effect at once, then sleep
  ``SANDBOX_EINVOICE_SLOW_SECONDS`` before answering, longer than a client's timeout: a later query by
  ``biz_no`` finds the receipt ``ISSUED``, as on the real platform.
- ``POST /sandbox/einvoice/reset``: forget every receipt, sequence and nonce; mode back to ``ok``.

Environment (read on every request, so tests can change it):

- ``SANDBOX_EINVOICE_APP_ID`` / ``SANDBOX_EINVOICE_APP_SECRET``: the one known app
  (defaults ``maintfund-invoice`` / ``sandbox-einvoice-secret``).
- ``SANDBOX_EINVOICE_LATENCY_MS`` (default 0): added to every answer in ``ok`` mode.
- ``SANDBOX_EINVOICE_SLOW_SECONDS`` (default 8): the stall in ``slow`` mode.
- ``SANDBOX_EINVOICE_MODE`` (default ``ok``): the mode at start and after a reset.
- ``SANDBOX_EINVOICE_LAST_BILL_NO`` (default 0): 票据号码 are numbered after it (a restarted platform
  must not hand out numbers a kept database already holds; the benchmark sets it).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
import string
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Blueprint, Response, g, jsonify, request

bp = Blueprint("sandbox_einvoice", __name__)

MODES = ("ok", "fail", "slow")
TIMESTAMP_WINDOW_SECONDS = 300
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
_CHECK_ALPHABET = string.ascii_uppercase + string.digits
_BIZ_NO_RE = re.compile(r"[0-9A-Za-z_\-]{1,64}", re.ASCII)
_AREA_RE = re.compile(r"[0-9]{1,7}\.[0-9]{2}", re.ASCII)
_NONCE_RE = re.compile(r"[0-9A-Za-z_\-]{8,64}", re.ASCII)
_MAX_ITEMS = 20
_MAX_TEXT = 200
_REJECT_REASON = "沙箱模拟：财政电子票据平台拒绝开票（票据号段不足，请稍后重试）"


@dataclass
class _Receipt:
    biz_no: str
    bill_code: str
    bill_no: str
    check_code: str
    issued_at: datetime
    payer_name: str
    amount_fen: int
    items: list[dict[str, Any]]
    receiving_unit: str
    status: str = "ISSUED"  # ISSUED | RED_FLUSHED (a red receipt itself stays ISSUED, is_red)
    is_red: bool = False
    red_bill_code: str | None = None
    red_bill_no: str | None = None
    red_reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "biz_no": self.biz_no,
            "bill_code": self.bill_code,
            "bill_no": self.bill_no,
            "check_code": self.check_code,
            "issued_at": self.issued_at.isoformat(timespec="seconds"),
            "amount_fen": self.amount_fen,
            "reject_reason": None,
            "red_bill_code": self.red_bill_code,
            "red_bill_no": self.red_bill_no,
        }


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    mode: str = "ok"
    by_biz_no: dict[str, _Receipt] = field(default_factory=dict)  # latest receipt per biz_no
    rejected: dict[str, str] = field(default_factory=dict)  # biz_no -> last reject reason
    by_number: dict[tuple[str, str], _Receipt] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)
    nonces: dict[tuple[str, str], float] = field(default_factory=dict)  # insertion-ordered

    def reset(self) -> None:
        self.mode = _initial_mode()
        self.by_biz_no.clear()
        self.rejected.clear()
        self.by_number.clear()
        self.sequences.clear()
        self.nonces.clear()


def _initial_mode() -> str:
    mode = os.environ.get("SANDBOX_EINVOICE_MODE", "ok")
    return mode if mode in MODES else "ok"


_state = _State(mode=_initial_mode())


# --- helpers -----------------------------------------------------------------------------------


def _error(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify({"code": code, "message": message}), status


def _apps() -> dict[str, bytes]:
    app_id = os.environ.get("SANDBOX_EINVOICE_APP_ID", "maintfund-invoice")
    secret = os.environ.get("SANDBOX_EINVOICE_APP_SECRET", "sandbox-einvoice-secret")
    return {app_id: secret.encode("utf-8")}


def _env_float(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _expected_signature(secret: bytes, ts: str, nonce: str) -> str:
    """HMAC-SHA256 over METHOD, request target, timestamp, nonce and sha256(body), one per line."""
    body_hash = hashlib.sha256(request.get_data(cache=True)).hexdigest()
    message = f"{request.method}\n{_request_target()}\n{ts}\n{nonce}\n{body_hash}"
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def _request_target() -> str:
    path = request.script_root + request.path
    query = request.query_string.decode("latin-1")
    return f"{path}?{query}" if query else path


def signed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse requests without a valid, fresh, unreplayed HMAC signature."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app_id = request.headers.get("X-App-Id", "")
        ts = request.headers.get("X-Timestamp", "")
        nonce = request.headers.get("X-Nonce", "")
        signature = request.headers.get("X-Signature", "")
        if not (app_id and ts.isascii() and ts.isdigit() and _NONCE_RE.fullmatch(nonce) and signature):
            return _error(401, "UNAUTHENTICATED", "missing or malformed authentication headers")
        secret = _apps().get(app_id)
        if secret is None:
            return _error(403, "APP_UNKNOWN", "unknown app")
        now = time.time()
        if abs(now - int(ts)) > TIMESTAMP_WINDOW_SECONDS:
            return _error(403, "TIMESTAMP_EXPIRED", "timestamp outside the allowed window")
        expected = _expected_signature(secret, ts, nonce)
        if not hmac.compare_digest(expected, signature.lower()):
            return _error(403, "SIGNATURE_INVALID", "signature does not match")
        with _state.lock:
            _forget_old_nonces(now)
            key = (app_id, nonce)
            if key in _state.nonces:
                return _error(403, "NONCE_REPLAYED", "nonce already used")
            _state.nonces[key] = now
        g.einvoice_app_id = app_id
        return view(*args, **kwargs)

    return wrapper


def _forget_old_nonces(now: float) -> None:
    horizon = now - 2 * TIMESTAMP_WINDOW_SECONDS
    for key, seen in list(_state.nonces.items()):
        if seen >= horizon:
            break
        del _state.nonces[key]


def _ok_latency() -> None:
    if _state.mode == "ok":
        latency = _env_float("SANDBOX_EINVOICE_LATENCY_MS", 0.0)
        if latency:
            time.sleep(latency / 1000)


def _stall_if_slow(mode: str) -> None:
    if mode == "slow":
        time.sleep(_env_float("SANDBOX_EINVOICE_SLOW_SECONDS", 8.0))


def _mask_name(name: str) -> str:
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _is_text(value: object, max_len: int = _MAX_TEXT) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) and len(value) <= max_len


def _is_fen(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 10**14


def _validate_item(item: object) -> str | None:
    if not isinstance(item, dict):
        return "each item must be an object"
    missing = [key for key in ("name", "house_address", "business_no") if not _is_text(item.get(key))]
    if missing:
        return f"items[].{missing[0]} is required"
    if not (isinstance(item.get("area_m2"), str) and _AREA_RE.fullmatch(item["area_m2"])):
        return "items[].area_m2 must be a string with two decimals"
    if not _is_fen(item.get("amount_fen")):
        return "items[].amount_fen must be a positive integer"
    return None


def _validate_issue(body: object, app_id: str) -> str | None:
    """The reason a body is refused, or None."""
    if not isinstance(body, dict):
        return "body must be a JSON object"
    checks: list[tuple[bool, str]] = [
        (body.get("app_id") == app_id, "app_id does not match X-App-Id"),
        (
            isinstance(body.get("biz_no"), str) and bool(_BIZ_NO_RE.fullmatch(body["biz_no"])),
            "biz_no: 1-64 letters, digits, '-' or '_'",
        ),
        (_is_text(body.get("payer_name")), "payer_name is required"),
        (_is_text(body.get("receiving_unit")), "receiving_unit is required"),
        (_is_fen(body.get("amount_fen")), "amount_fen must be a positive integer"),
    ]
    for ok, reason in checks:
        if not ok:
            return reason
    items = body.get("items")
    if not isinstance(items, list) or not 0 < len(items) <= _MAX_ITEMS:
        return f"items: 1 to {_MAX_ITEMS} lines"
    for item in items:
        problem = _validate_item(item)
        if problem:
            return problem
    if sum(item["amount_fen"] for item in items) != body["amount_fen"]:
        return "amount_fen must equal the sum of the items"
    return None


def _next_number(now: datetime) -> tuple[str, str]:
    """Caller holds the lock. 票据代码 fixed per year; 票据号码 sequential per code."""
    bill_code = f"110601{now.year % 100:02d}"
    # a restarted sandbox facing a database that outlived it continues after the numbers it handed out
    seq = _state.sequences.get(bill_code, int(_env_float("SANDBOX_EINVOICE_LAST_BILL_NO", 0))) + 1
    _state.sequences[bill_code] = seq
    return bill_code, f"{seq:010d}"


def _new_receipt(body: dict[str, Any], *, is_red: bool = False) -> _Receipt:
    """Caller holds the lock."""
    now = datetime.now(BEIJING).replace(microsecond=0)
    bill_code, bill_no = _next_number(now)
    receipt = _Receipt(
        biz_no=body["biz_no"],
        bill_code=bill_code,
        bill_no=bill_no,
        check_code="".join(secrets.choice(_CHECK_ALPHABET) for _ in range(6)),
        issued_at=now,
        payer_name=body["payer_name"],
        amount_fen=body["amount_fen"],
        items=body["items"],
        receiving_unit=body["receiving_unit"],
        is_red=is_red,
    )
    _state.by_number[(bill_code, bill_no)] = receipt
    return receipt


# --- the platform's API ------------------------------------------------------------------------


@bp.post("/einvoice/v1/issue")
@signed
def issue() -> Any:
    body = request.get_json(silent=True)
    problem = _validate_issue(body, g.einvoice_app_id)
    if problem:
        return _error(400, "BAD_REQUEST", problem)
    assert isinstance(body, dict)
    biz_no = body["biz_no"]
    with _state.lock:
        mode = _state.mode
        existing = _state.by_biz_no.get(biz_no)
        if existing is not None and existing.status == "ISSUED":
            if existing.amount_fen != body["amount_fen"] or existing.payer_name != body["payer_name"]:
                return _error(409, "BIZ_NO_CONFLICT", "biz_no already used with another amount or payer")
            answer = existing.as_json()
        elif mode == "fail":
            _state.rejected[biz_no] = _REJECT_REASON
            answer = {"status": "REJECTED", "biz_no": biz_no, "reject_reason": _REJECT_REASON}
        else:
            # New, or a re-issue after the previous receipt was red-flushed.
            receipt = _new_receipt(body)
            _state.by_biz_no[biz_no] = receipt
            _state.rejected.pop(biz_no, None)
            answer = receipt.as_json()
    _stall_if_slow(mode)
    _ok_latency()
    return jsonify(answer)


@bp.get("/einvoice/v1/receipts")
@signed
def query() -> Any:
    biz_no = request.args.get("biz_no", "")
    if not _BIZ_NO_RE.fullmatch(biz_no):
        return _error(400, "BAD_REQUEST", "biz_no is required")
    with _state.lock:
        receipt = _state.by_biz_no.get(biz_no)
        reason = _state.rejected.get(biz_no)
        if receipt is not None:
            answer = receipt.as_json()
        elif reason is not None:
            answer = {"status": "REJECTED", "biz_no": biz_no, "reject_reason": reason}
        else:
            return _error(404, "NOT_FOUND", "no receipt for this biz_no")
    _ok_latency()
    return jsonify(answer)


@bp.post("/einvoice/v1/red-flush")
@signed
def red_flush() -> Any:
    body = request.get_json(silent=True)
    if not (
        isinstance(body, dict)
        and isinstance(body.get("bill_code"), str)
        and isinstance(body.get("bill_no"), str)
        and _is_text(body.get("reason"))
    ):
        return _error(400, "BAD_REQUEST", "bill_code, bill_no and reason are required")
    with _state.lock:
        mode = _state.mode
        original = _state.by_number.get((body["bill_code"], body["bill_no"]))
        if original is None:
            return _error(404, "NOT_FOUND", "no such receipt")
        if original.is_red:
            return _error(409, "RED_RECEIPT", "a red receipt cannot be red-flushed")
        if original.status != "RED_FLUSHED":
            red = _new_receipt(
                {
                    "biz_no": original.biz_no,
                    "payer_name": original.payer_name,
                    "amount_fen": -original.amount_fen,
                    "items": [{**item, "amount_fen": -item["amount_fen"]} for item in original.items],
                    "receiving_unit": original.receiving_unit,
                },
                is_red=True,
            )
            original.status = "RED_FLUSHED"
            original.red_bill_code, original.red_bill_no = red.bill_code, red.bill_no
            original.red_reason = body["reason"]
        answer = {
            "status": "RED_FLUSHED",
            "bill_code": original.bill_code,
            "bill_no": original.bill_no,
            "red_bill_code": original.red_bill_code,
            "red_bill_no": original.red_bill_no,
        }
    _stall_if_slow(mode)
    _ok_latency()
    return jsonify(answer)


@bp.get("/einvoice/v1/verify")
@signed
def verify() -> Any:
    bill_code = request.args.get("bill_code", "")
    bill_no = request.args.get("bill_no", "")
    check_code = request.args.get("check_code", "")
    if not (bill_code and bill_no and check_code):
        return _error(400, "BAD_REQUEST", "bill_code, bill_no and check_code are required")
    with _state.lock:
        receipt = _state.by_number.get((bill_code, bill_no))
        genuine = receipt is not None and hmac.compare_digest(receipt.check_code, check_code)
        if receipt is None or not genuine:
            answer: dict[str, Any] = {
                "genuine": False,
                "status": None,
                "amount_fen": None,
                "payer_name_masked": None,
                "issued_at": None,
            }
        else:
            answer = {
                "genuine": True,
                "status": receipt.status,
                "amount_fen": receipt.amount_fen,
                "payer_name_masked": _mask_name(receipt.payer_name),
                "issued_at": receipt.issued_at.isoformat(timespec="seconds"),
            }
    _ok_latency()
    return jsonify(answer)


# --- sandbox controls --------------------------------------------------------------------------


def _mode_answer() -> dict[str, Any]:
    return {
        "mode": _state.mode,
        "latency_ms": _env_float("SANDBOX_EINVOICE_LATENCY_MS", 0.0),
        "slow_seconds": _env_float("SANDBOX_EINVOICE_SLOW_SECONDS", 8.0),
    }


@bp.get("/sandbox/einvoice/mode")
def get_mode() -> Any:
    return jsonify(_mode_answer())


@bp.post("/sandbox/einvoice/mode")
def set_mode() -> Any:
    body = request.get_json(silent=True)
    mode = body.get("mode") if isinstance(body, dict) else None
    if mode not in MODES:
        return _error(400, "BAD_REQUEST", f"mode must be one of {', '.join(MODES)}")
    with _state.lock:
        _state.mode = mode
    return jsonify(_mode_answer())


@bp.post("/sandbox/einvoice/reset")
def reset() -> Any:
    with _state.lock:
        _state.reset()
    return jsonify({"reset": True, **_mode_answer()})
