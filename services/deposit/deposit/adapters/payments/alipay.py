"""Alipay face-to-face precreate (当面付 扫码) client, written to the published open-API protocol (no SDK).

- Requests go to the gateway as a UTF-8 form POST with the common parameters (``app_id, method,
  format=JSON, charset=utf-8, sign_type=RSA2, timestamp, version=1.0, notify_url, biz_content``) and
  ``sign`` = SHA256withRSA (app private key) over the ASCII-sorted ``k=v&...`` of every non-empty
  parameter except ``sign`` (``sign_type`` is signed in requests).
- A response ``{"<method>_response": {...}, "sign": "..."}`` is verified with Alipay's public key over
  the exact text of the ``*_response`` node as it came over the wire. Unsigned or wrongly signed answers
  raise :class:`ProviderResponseInvalid`.
- An asynchronous notification is a form POST verified over the sorted parameters except ``sign`` and
  ``sign_type``; only ``TRADE_SUCCESS``/``TRADE_FINISHED`` count as paid; it is answered ``success``.
- Money crosses this edge as yuan strings with exactly two decimals, converted with integer arithmetic.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

import requests

from maintfund_common.beijing_time import BEIJING
from maintfund_common.errors import Unavailable, ValidationFailed

from .base import (
    NotificationRejected,
    PrecreateResult,
    ProviderRejected,
    ProviderResponseInvalid,
    ProviderTrade,
    TradeState,
    VerifiedNotification,
    load_private_key,
    load_public_key,
    rsa_sha256_sign,
    rsa_sha256_verify,
)

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
OUT_TRADE_NO_RE = re.compile(r"^[0-9A-Za-z_]{1,64}$")
YUAN_RE = re.compile(r"^([0-9]{1,12})(?:\.([0-9]{1,2}))?$")
MAX_AMOUNT_FEN = 100_000_000 * 100  # Alipay's upper bound: 100,000,000.00 yuan
SUBJECT_MAX = 256
PAID_STATUSES = frozenset({"TRADE_SUCCESS", "TRADE_FINISHED"})
CODE_SUCCESS = "10000"
CODE_UNAVAILABLE = "20000"
SUB_CODE_NOT_EXIST = "ACQ.TRADE_NOT_EXIST"
_RETRYABLE_SUB_CODES = frozenset({"ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR", "isp.unknow-error"})

_STATES: dict[str, TradeState] = {
    "WAIT_BUYER_PAY": "NOT_PAID",
    "TRADE_SUCCESS": "PAID",
    "TRADE_FINISHED": "PAID",
    "TRADE_CLOSED": "CLOSED",
}


# --- protocol pieces (pure, unit-tested) -------------------------------------------------------------


def fen_to_yuan(amount_fen: int) -> str:
    """``1234`` -> ``"12.34"``; exact, integer arithmetic only."""
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen < 0:
        raise ValueError("amount_fen must be a non-negative integer")
    yuan, fen = divmod(amount_fen, 100)
    return f"{yuan}.{fen:02d}"


def yuan_to_fen(amount: str) -> int:
    """``"12.34"`` -> ``1234``, ``"12.3"`` -> ``1230``, ``"12"`` -> ``1200``; more than two decimals,
    signs, exponents or anything else is a ``ValueError`` (never rounded)."""
    if not isinstance(amount, str):
        raise ValueError("amount must be a string")
    match = YUAN_RE.fullmatch(amount)
    if match is None:
        raise ValueError(f"not a yuan amount with at most two decimals: {amount!r}")
    whole, frac = match.group(1), (match.group(2) or "")
    return int(whole) * 100 + int(frac.ljust(2, "0"))


def signing_content(params: Mapping[str, str], *, exclude: frozenset[str], skip_empty: bool) -> str:
    """``k1=v1&k2=v2`` over the ASCII-sorted keys, raw (not URL-encoded) values."""
    items = sorted(
        (k, v) for k, v in params.items() if k not in exclude and not (skip_empty and (v is None or v == ""))
    )
    return "&".join(f"{k}={v}" for k, v in items)


def request_signing_content(params: Mapping[str, str]) -> str:
    """Request rule: every non-empty parameter except ``sign`` (``sign_type`` included)."""
    return signing_content(params, exclude=frozenset({"sign"}), skip_empty=True)


def notify_signing_content(params: Mapping[str, str]) -> str:
    """Notification rule: every parameter received except ``sign`` and ``sign_type``."""
    return signing_content(params, exclude=frozenset({"sign", "sign_type"}), skip_empty=False)


def split_top_level(text: str) -> dict[str, str]:
    """The raw text of each member of a top-level JSON object, exactly as received.

    Alipay signs the ``*_response`` node's text as it serialised it, so the signature is checked over
    that substring, never over a re-serialisation.
    """
    decoder = json.JSONDecoder()
    ws = " \t\r\n"
    i = len(text) - len(text.lstrip(ws))
    if not text.startswith("{", i):
        raise ValueError("not a JSON object")
    i += 1
    members: dict[str, str] = {}
    while True:
        while text[i] in ws:
            i += 1
        if text[i] == "}" and not members:
            return members
        key, i = decoder.raw_decode(text, i)
        while text[i] in ws:
            i += 1
        if text[i] != ":":
            raise ValueError("expected ':'")
        i += 1
        while text[i] in ws:
            i += 1
        _, end = decoder.raw_decode(text, i)
        members[key] = text[i:end]
        i = end
        while text[i] in ws:
            i += 1
        if text[i] == "}":
            if text[i + 1 :].strip(ws):
                raise ValueError("trailing data")
            return members
        if text[i] != ",":
            raise ValueError("expected ','")
        i += 1


def _beijing_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return datetime.strptime(value, TIME_FORMAT).replace(tzinfo=BEIJING)


def check_out_trade_no(out_trade_no: str) -> None:
    if not isinstance(out_trade_no, str) or not OUT_TRADE_NO_RE.fullmatch(out_trade_no):
        raise ValidationFailed("out_trade_no must be 1-64 letters, digits or _", field="out_trade_no")


# --- the client --------------------------------------------------------------------------------------


class AlipayClient:
    """A :class:`PaymentProvider` for Alipay precreate (QR) payments of one app and seller."""

    channel = "ALIPAY"

    def __init__(
        self,
        *,
        gateway_url: str,
        app_id: str,
        seller_id: str,
        app_private_key_pem: str | bytes,
        alipay_public_key_pem: str | bytes,
        notify_url: str,
        timeout_s: float = 5.0,
        clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
    ) -> None:
        self._gateway_url = gateway_url
        self.app_id = app_id
        self.seller_id = seller_id
        self._private_key = load_private_key(app_private_key_pem)
        self._alipay_key = load_public_key(alipay_public_key_pem)
        self._notify_url = notify_url
        self._timeout_s = timeout_s
        self._clock = clock
        self._session = session or requests.Session()

    def close_session(self) -> None:
        self._session.close()

    # -- PaymentProvider ------------------------------------------------------------------------------

    def create(
        self, out_trade_no: str, amount_fen: int, description: str, expires_at: datetime
    ) -> PrecreateResult:
        check_out_trade_no(out_trade_no)
        if (
            not isinstance(amount_fen, int)
            or isinstance(amount_fen, bool)
            or not (0 < amount_fen <= MAX_AMOUNT_FEN)
        ):
            raise ValidationFailed("amount_fen must be between 1 and 10^10", field="amount_fen")
        if not description or len(description) > SUBJECT_MAX:
            raise ValidationFailed("description must be 1-256 characters", field="description")
        if expires_at.tzinfo is None:
            raise ValidationFailed("expires_at must carry a time zone", field="expires_at")
        now = datetime.fromtimestamp(self._clock(), UTC)
        expires_at = expires_at.astimezone(BEIJING).replace(microsecond=0)
        if expires_at <= now:
            raise ValidationFailed("expires_at is in the past", field="expires_at")
        minutes = max(1, math.ceil((expires_at - now).total_seconds() / 60))
        biz = {
            "out_trade_no": out_trade_no,
            "total_amount": fen_to_yuan(amount_fen),
            "subject": description,
            "seller_id": self.seller_id,
            "product_code": "FACE_TO_FACE_PAYMENT",
            "time_expire": expires_at.strftime(TIME_FORMAT),
            "timeout_express": f"{minutes}m",
        }
        node = self._call("alipay.trade.precreate", biz, notify=True)
        if node.get("code") != CODE_SUCCESS:
            self._raise_for(node)
        qr_code = node.get("qr_code")
        if not isinstance(qr_code, str) or not qr_code:
            raise ProviderResponseInvalid("Alipay answered without a qr_code")
        if node.get("out_trade_no") not in (None, out_trade_no):
            raise ProviderResponseInvalid("Alipay answered about another order")
        return PrecreateResult(qr_content=qr_code, expires_at=expires_at)

    def query(self, out_trade_no: str) -> ProviderTrade:
        check_out_trade_no(out_trade_no)
        node = self._call("alipay.trade.query", {"out_trade_no": out_trade_no})
        if node.get("code") != CODE_SUCCESS:
            if node.get("sub_code") == SUB_CODE_NOT_EXIST:
                # Precreate: the trade only exists once the payer scans. Not scanned yet, not a failure.
                return ProviderTrade(
                    out_trade_no=out_trade_no, state="NOT_PAID", provider_state=SUB_CODE_NOT_EXIST
                )
            self._raise_for(node)
        if node.get("out_trade_no") != out_trade_no:
            raise ProviderResponseInvalid("Alipay answered about another order")
        trade_status = node.get("trade_status")
        state = _STATES.get(trade_status) if isinstance(trade_status, str) else None
        if state is None:
            raise ProviderResponseInvalid(f"unknown trade_status {trade_status!r}")
        try:
            amount_fen = yuan_to_fen(node["total_amount"]) if "total_amount" in node else None
            paid_at = _beijing_time(node.get("send_pay_date")) if state == "PAID" else None
        except ValueError as exc:
            raise ProviderResponseInvalid("unparseable amount or time in Alipay's answer") from exc
        return ProviderTrade(
            out_trade_no=out_trade_no,
            state=state,
            amount_fen=amount_fen,
            provider_trade_id=node.get("trade_no") or None,
            # The query is made with our app_id and answered under Alipay's signature; it does not repeat
            # the seller, so the configured one is reported.
            merchant_id=node.get("seller_id") or self.seller_id,
            app_id=self.app_id,
            paid_at=paid_at,
            provider_state=trade_status,
        )

    def close(self, out_trade_no: str) -> None:
        check_out_trade_no(out_trade_no)
        node = self._call("alipay.trade.close", {"out_trade_no": out_trade_no})
        if node.get("code") == CODE_SUCCESS:
            return
        if node.get("sub_code") == SUB_CODE_NOT_EXIST:
            # Never scanned: there is no trade to close. The QR stays valid until time_expire, so a late
            # payment is still possible and must be handled by the caller (it ends PAID, flagged).
            return
        self._raise_for(node)

    def verify_notification(self, headers: Mapping[str, str], body: bytes) -> VerifiedNotification:
        del headers  # Alipay's notification is authenticated by its form parameters alone
        try:
            pairs = parse_qsl(
                body.decode("utf-8"),
                keep_blank_values=True,
                strict_parsing=True,
                encoding="utf-8",
                errors="strict",
            )
        except (UnicodeDecodeError, ValueError) as exc:
            raise NotificationRejected("MALFORMED", "not a UTF-8 form body") from exc
        params = dict(pairs)
        if len(params) != len(pairs):
            raise NotificationRejected("MALFORMED", "repeated parameter")
        if params.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):
            raise NotificationRejected("MALFORMED", "only utf-8 notifications are accepted")
        sign = params.get("sign", "")
        if not sign:
            raise NotificationRejected("MALFORMED", "no sign")
        if params.get("sign_type", "RSA2") != "RSA2":
            raise NotificationRejected("BAD_SIGNATURE", "sign_type is not RSA2")
        if not rsa_sha256_verify(self._alipay_key, notify_signing_content(params).encode("utf-8"), sign):
            raise NotificationRejected("BAD_SIGNATURE")
        out_trade_no = params.get("out_trade_no", "")
        notify_id = params.get("notify_id", "")
        if not out_trade_no or not notify_id:
            raise NotificationRejected("MALFORMED", "out_trade_no or notify_id missing")
        try:
            amount_fen = yuan_to_fen(params["total_amount"]) if params.get("total_amount") else None
            paid_at = _beijing_time(params.get("gmt_payment"))
            notify_time = _beijing_time(params.get("notify_time"))
        except ValueError as exc:
            raise NotificationRejected("MALFORMED", "bad total_amount or time") from exc
        trade_status = params.get("trade_status")
        return VerifiedNotification(
            out_trade_no=out_trade_no,
            paid=trade_status in PAID_STATUSES,
            amount_fen=amount_fen,
            provider_trade_id=params.get("trade_no") or None,
            merchant_id=params.get("seller_id") or None,
            app_id=params.get("app_id") or None,
            notification_id=notify_id,
            paid_at=paid_at,
            nonce=None,
            timestamp=int(notify_time.timestamp()) if notify_time else None,
            provider_state=trade_status,
        )

    def notification_ack(self, ok: bool, *, refused: bool = False) -> tuple[int, bytes, str]:
        # Alipay reads only the body: anything but "success" is retried.
        return 200, (b"success" if ok else b"failure"), "text/plain; charset=utf-8"

    # -- transport ------------------------------------------------------------------------------------

    def _call(self, method: str, biz: dict[str, Any], *, notify: bool = False) -> dict[str, Any]:
        """Send one signed gateway call; return the verified ``*_response`` node."""
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": datetime.fromtimestamp(self._clock(), BEIJING).strftime(TIME_FORMAT),
            "version": "1.0",
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
        }
        if notify:
            params["notify_url"] = self._notify_url
        params["sign"] = rsa_sha256_sign(self._private_key, request_signing_content(params).encode("utf-8"))
        try:
            resp = self._session.post(
                self._gateway_url,
                data=urlencode(params, encoding="utf-8").encode("ascii"),
                headers={"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"},
                timeout=self._timeout_s,
            )
        except requests.RequestException as exc:
            raise Unavailable("Alipay did not answer", code="UPSTREAM_UNAVAILABLE") from exc
        if resp.status_code != 200:
            raise Unavailable(f"Alipay gateway answered HTTP {resp.status_code}", code="UPSTREAM_UNAVAILABLE")
        return self._verified_node(resp.content, method.replace(".", "_") + "_response")

    def _verified_node(self, content: bytes, node_name: str) -> dict[str, Any]:
        try:
            members = split_top_level(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, IndexError) as exc:
            raise ProviderResponseInvalid("Alipay answered with invalid JSON") from exc
        raw = members.get(node_name) or members.get("error_response")
        raw_sign = members.get("sign")
        if raw is None or raw_sign is None:
            raise ProviderResponseInvalid("unsigned or unexpected Alipay response")
        sign = json.loads(raw_sign)
        if not isinstance(sign, str) or not rsa_sha256_verify(self._alipay_key, raw.encode("utf-8"), sign):
            raise ProviderResponseInvalid("Alipay response signature does not verify")
        node = json.loads(raw)
        if not isinstance(node, dict):
            raise ProviderResponseInvalid("Alipay response node is not an object")
        return node

    @staticmethod
    def _raise_for(node: dict[str, Any]) -> None:
        code = str(node.get("code"))
        sub_code = str(node.get("sub_code") or code)
        message = str(node.get("sub_msg") or node.get("msg") or "Alipay refused the request")
        if code == CODE_UNAVAILABLE or sub_code in _RETRYABLE_SUB_CODES:
            raise Unavailable(f"Alipay: {message}", code="UPSTREAM_UNAVAILABLE", provider_code=sub_code)
        raise ProviderRejected(f"Alipay: {message}", provider_code=sub_code)
