"""WeChat Pay APIv3 Native (扫码支付) client, written to the published protocol (no SDK).

- Requests carry ``Authorization: WECHATPAY2-SHA256-RSA2048 mchid="",nonce_str="",signature="",
  timestamp="",serial_no=""``; the signature is SHA256withRSA with the merchant key over
  ``METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n`` (URL = absolute path plus query string).
- Every response must carry ``Wechatpay-Timestamp/-Nonce/-Signature/-Serial``; the signature over
  ``TIMESTAMP\\nNONCE\\nBODY\\n`` is checked with the key of that serial. Unsigned or wrongly
  signed answers raise :class:`ProviderResponseInvalid` (the outcome is unknown).
- The keys of the serials (:class:`PlatformKeys`): keys given at start (pinned), the 微信支付公钥 files
  ``PUB_KEY_ID_….pem`` of a directory (a Kubernetes Secret volume: a key added there is used without a
  restart), and the platform certificates downloaded from ``GET /v3/certificates`` (each decrypted with
  AEAD_AES_256_GCM under the APIv3 key, its X.509 serial number checked against ``serial_no``, used
  only within its validity; the download's own answer verified with the certificates it brings). An
  unknown serial reloads the directory and downloads the certificates again, at most once per
  ``refresh_interval_s`` for notifications (a flood of forged serials costs one download a minute) and
  once a second for the answers to our own requests, so a rotated platform certificate or a new public
  key needs no restart, whenever the last refresh was. With ``public_key_id`` set, requests carry
  ``Wechatpay-Serial: PUB_KEY_ID_…`` and WeChat Pay signs its answers with that public key.
- Notifications are verified the same way over the raw body, refused when their timestamp is more than
  300 s off or their signature is the ``WECHATPAY/SIGNTEST/`` probe, and their ``resource`` is decrypted
  with AEAD_AES_256_GCM under the APIv3 key.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import time
from base64 import b64decode
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from maintfund_common.beijing_time import BEIJING
from maintfund_common.errors import Unavailable, ValidationFailed
from maintfund_common.text import ascii_digits

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

log = logging.getLogger(__name__)
AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048"
SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/"
NOTIFICATION_MAX_SKEW_S = 300
CODE_URL_LIFETIME = timedelta(hours=2)
OUT_TRADE_NO_RE = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")
DESCRIPTION_MAX = 127
PUBLIC_KEY_ID_PREFIX = "PUB_KEY_ID_"
CERTIFICATES_PATH = "/v3/certificates"
# An answer to our own request (over our TLS connection) signed under an unknown serial may refresh the keys
# sooner than a notification (anyone can post those): WeChat Pay has just rotated its certificate.
ANSWER_REFRESH_INTERVAL_S = 1.0

# trade_state -> provider-neutral state. REFUND means the payment happened (and a refund started).
_STATES: dict[str, TradeState] = {
    "SUCCESS": "PAID",
    "REFUND": "PAID",
    "NOTPAY": "NOT_PAID",
    "USERPAYING": "NOT_PAID",
    "CLOSED": "CLOSED",
    "REVOKED": "CLOSED",
    "PAYERROR": "CLOSED",
}


# --- protocol pieces (pure, unit-tested) -------------------------------------------------------------


def request_message(method: str, url: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """The request signing string: ``METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n`` (GET: empty body)."""
    head = f"{method.upper()}\n{url}\n{timestamp}\n{nonce}\n".encode()
    return head + body + b"\n"


def response_message(timestamp: str, nonce: str, body: bytes) -> bytes:
    """The response/notification signing string: ``TIMESTAMP\\nNONCE\\nBODY\\n``."""
    return f"{timestamp}\n{nonce}\n".encode() + body + b"\n"


def authorization_header(mchid: str, serial_no: str, nonce: str, timestamp: str, signature: str) -> str:
    return (
        f'{AUTH_SCHEMA} mchid="{mchid}",nonce_str="{nonce}",signature="{signature}",'
        f'timestamp="{timestamp}",serial_no="{serial_no}"'
    )


def format_time_expire(moment: datetime) -> str:
    """RFC 3339 in Beijing time, whole seconds: ``2026-11-27T10:34:56+08:00``."""
    return moment.astimezone(BEIJING).replace(microsecond=0).isoformat()


def decrypt_resource(api_v3_key: bytes, associated_data: str, nonce: str, ciphertext_b64: str) -> bytes:
    """AEAD_AES_256_GCM decryption of a notification ``resource`` (the tag is the last 16 bytes)."""
    return AESGCM(api_v3_key).decrypt(
        nonce.encode("utf-8"), b64decode(ciphertext_b64, validate=True), associated_data.encode("utf-8")
    )


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)


def check_out_trade_no(out_trade_no: str) -> None:
    if not isinstance(out_trade_no, str) or not OUT_TRADE_NO_RE.fullmatch(out_trade_no):
        raise ValidationFailed(
            "out_trade_no must be 6-32 characters of letters, digits, _ - | *", field="out_trade_no"
        )


def decrypt_certificates(api_v3_key: bytes, data: object, now: datetime) -> dict[str, rsa.RSAPublicKey]:
    """serial -> public key from a ``/v3/certificates`` answer's ``data``; entries that do not decrypt,
    whose X.509 serial differs from ``serial_no`` or that are outside their validity are left out."""
    keys: dict[str, rsa.RSAPublicKey] = {}
    for item in data if isinstance(data, list) else []:
        try:
            serial = item["serial_no"]
            enc = item["encrypt_certificate"]
            if enc.get("algorithm") != "AEAD_AES_256_GCM":
                continue
            associated_data = enc.get("associated_data") or ""
            pem = decrypt_resource(api_v3_key, associated_data, enc["nonce"], enc["ciphertext"])
            cert = x509.load_pem_x509_certificate(pem)
        except (KeyError, TypeError, AttributeError, ValueError, InvalidTag):
            log.warning("wechatpay: a platform certificate entry did not decrypt or parse; skipped")
            continue
        key = cert.public_key()
        if (
            not isinstance(serial, str)
            or not re.fullmatch(r"[0-9A-Fa-f]{1,40}", serial)
            or int(serial, 16) != cert.serial_number
            or not isinstance(key, rsa.RSAPublicKey)
            or not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc
        ):
            log.warning("wechatpay: platform certificate %s refused (serial, key type or validity)", serial)
            continue
        keys[serial.upper()] = key
    return keys


class PlatformKeys:
    """The keys that verify WeChat Pay's answers and notifications, by ``Wechatpay-Serial``.

    Pinned keys (configuration), 微信支付公钥 files in ``public_keys_dir`` (``PUB_KEY_ID_….pem``) and
    downloaded platform certificates. :meth:`get` of an unknown serial refreshes the last two, at most once
    per ``refresh_interval_s`` (thread-safe: one refresh at a time, the others wait for it).
    """

    def __init__(
        self,
        pinned: Mapping[str, rsa.RSAPublicKey],
        *,
        public_keys_dir: Path | None,
        download: Callable[[], dict[str, rsa.RSAPublicKey]] | None,
        refresh_interval_s: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pinned = dict(pinned)
        self._dir = public_keys_dir
        self._download = download
        self._interval = refresh_interval_s
        self._monotonic = monotonic
        self._files: dict[str, rsa.RSAPublicKey] = {}
        self._downloaded: dict[str, rsa.RSAPublicKey] = {}
        self._last_refresh: float | None = None
        self._lock = threading.Lock()
        self.refreshes = 0
        self._load_files()

    def serials(self) -> set[str]:
        return {*self._pinned, *self._files, *self._downloaded}

    def known(self, serial: str) -> rsa.RSAPublicKey | None:
        return self._pinned.get(serial) or self._files.get(serial) or self._downloaded.get(serial)

    def get(self, serial: str, *, refresh_interval_s: float | None = None) -> rsa.RSAPublicKey | None:
        """The key of ``serial``, refreshing the keys when it is unknown and the last refresh is older than
        the configured interval, or ``refresh_interval_s`` when that is shorter."""
        key = self.known(serial)
        if key is not None:
            return key
        interval = self._interval if refresh_interval_s is None else min(self._interval, refresh_interval_s)
        with self._lock:
            key = self.known(serial)  # another thread may have refreshed meanwhile
            now = self._monotonic()
            if key is None and (self._last_refresh is None or now - self._last_refresh >= interval):
                self._last_refresh = now
                self.refreshes += 1
                self._load_files()
                if self._download is not None and not serial.startswith(PUBLIC_KEY_ID_PREFIX):
                    try:
                        self._downloaded = {**self._downloaded, **self._download()}
                    except Unavailable as exc:
                        log.warning("wechatpay: platform certificates not downloaded: %s", exc)
                key = self.known(serial)
        return key

    def _load_files(self) -> None:
        if self._dir is None or not self._dir.is_dir():
            return
        files: dict[str, rsa.RSAPublicKey] = {}
        for path in sorted(self._dir.glob(PUBLIC_KEY_ID_PREFIX + "*.pem")):
            try:
                files[path.stem] = load_public_key(path.read_bytes())
            except (OSError, ValueError):
                log.warning("wechatpay: public key file %s unreadable; skipped", path.name)
        self._files = files


# --- the client --------------------------------------------------------------------------------------


class WeChatPayClient:
    """A :class:`PaymentProvider` for WeChat Pay APIv3 Native payments of one merchant and app."""

    channel = "WECHAT"

    def __init__(
        self,
        *,
        base_url: str,
        mchid: str,
        appid: str,
        merchant_serial_no: str,
        merchant_private_key_pem: str | bytes,
        platform_public_keys: Mapping[str, str | bytes],
        api_v3_key: str,
        notify_url: str,
        timeout_s: float = 5.0,
        clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
        public_keys_dir: str | Path | None = None,
        public_key_id: str = "",
        download_certificates: bool = True,
        refresh_interval_s: float = 60.0,
    ) -> None:
        key_bytes = api_v3_key.encode("utf-8")
        if len(key_bytes) != 32:
            raise ValueError("the APIv3 key must be 32 bytes")
        if not (platform_public_keys or public_keys_dir or download_certificates):
            raise ValueError("no source of platform keys: pin one, give a public-key directory or download")
        if public_key_id and not public_key_id.startswith(PUBLIC_KEY_ID_PREFIX):
            raise ValueError(f"a WeChat Pay public key id starts with {PUBLIC_KEY_ID_PREFIX}")
        split = urlsplit(base_url)
        self._origin = f"{split.scheme}://{split.netloc}"
        self._prefix = split.path.rstrip("/")
        self.mchid = mchid
        self.appid = appid
        self._serial_no = merchant_serial_no
        self._private_key = load_private_key(merchant_private_key_pem)
        self._api_v3_key = key_bytes
        self._public_key_id = public_key_id
        self.platform_keys = PlatformKeys(
            {serial: load_public_key(pem) for serial, pem in platform_public_keys.items()},
            public_keys_dir=Path(public_keys_dir) if public_keys_dir else None,
            download=self._download_certificates if download_certificates else None,
            refresh_interval_s=refresh_interval_s,
        )
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
        if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
            raise ValidationFailed("amount_fen must be a positive integer", field="amount_fen")
        if not description or len(description) > DESCRIPTION_MAX:
            raise ValidationFailed("description must be 1-127 characters", field="description")
        if expires_at.tzinfo is None:
            raise ValidationFailed("expires_at must carry a time zone", field="expires_at")
        now = datetime.fromtimestamp(self._clock(), UTC)
        expires_at = expires_at.astimezone(BEIJING).replace(microsecond=0)
        if expires_at <= now:
            raise ValidationFailed("expires_at is in the past", field="expires_at")
        payload = {
            "appid": self.appid,
            "mchid": self.mchid,
            "description": description,
            "out_trade_no": out_trade_no,
            "time_expire": format_time_expire(expires_at),
            "notify_url": self._notify_url,
            "amount": {"total": amount_fen, "currency": "CNY"},
        }
        status, data = self._call("POST", "/v3/pay/transactions/native", payload)
        if status != 200:
            self._raise_for(status, data)
        code_url = data.get("code_url")
        if not isinstance(code_url, str) or not code_url:
            raise ProviderResponseInvalid("WeChat Pay answered without a code_url")
        return PrecreateResult(qr_content=code_url, expires_at=min(expires_at, now + CODE_URL_LIFETIME))

    def query(self, out_trade_no: str) -> ProviderTrade:
        check_out_trade_no(out_trade_no)
        path = f"/v3/pay/transactions/out-trade-no/{quote(out_trade_no, safe='')}?mchid={quote(self.mchid)}"
        status, data = self._call("GET", path, None)
        if status == 404 and data.get("code") == "ORDER_NOT_EXIST":
            return ProviderTrade(
                out_trade_no=out_trade_no, state="NOT_FOUND", provider_state="ORDER_NOT_EXIST"
            )
        if status != 200:
            self._raise_for(status, data)
        if data.get("out_trade_no") != out_trade_no:
            raise ProviderResponseInvalid("WeChat Pay answered about another order")
        trade_state = data.get("trade_state")
        state = _STATES.get(trade_state) if isinstance(trade_state, str) else None
        if state is None:
            raise ProviderResponseInvalid(f"unknown trade_state {trade_state!r}")
        amount = data.get("amount") or {}
        total = amount.get("total") if isinstance(amount, dict) else None
        try:
            paid_at = _parse_time(data.get("success_time"))
        except ValueError as exc:
            raise ProviderResponseInvalid("unparseable success_time") from exc
        return ProviderTrade(
            out_trade_no=out_trade_no,
            state=state,
            amount_fen=total if isinstance(total, int) and not isinstance(total, bool) else None,
            provider_trade_id=data.get("transaction_id") or None,
            merchant_id=data.get("mchid"),
            app_id=data.get("appid"),
            paid_at=paid_at,
            provider_state=trade_state,
        )

    def close(self, out_trade_no: str) -> None:
        check_out_trade_no(out_trade_no)
        path = f"/v3/pay/transactions/out-trade-no/{quote(out_trade_no, safe='')}/close"
        status, data = self._call("POST", path, {"mchid": self.mchid})
        if status not in (200, 204):
            self._raise_for(status, data)

    def verify_notification(self, headers: Mapping[str, str], body: bytes) -> VerifiedNotification:
        h = {k.lower(): v for k, v in headers.items()}
        timestamp = h.get("wechatpay-timestamp", "")
        nonce = h.get("wechatpay-nonce", "")
        signature = h.get("wechatpay-signature", "")
        serial = h.get("wechatpay-serial", "")
        if not (timestamp and nonce and signature and serial):
            raise NotificationRejected("MALFORMED", "missing Wechatpay-* headers")
        if signature.startswith(SIGNTEST_PREFIX):
            raise NotificationRejected("SIGNTEST_PROBE", "WeChat Pay signature probe")
        if not ascii_digits(timestamp):
            raise NotificationRejected("MALFORMED", "Wechatpay-Timestamp is not a number")
        if abs(self._clock() - int(timestamp)) > NOTIFICATION_MAX_SKEW_S:
            raise NotificationRejected("STALE_TIMESTAMP", f"timestamp {timestamp} is more than 300 s off")
        key = self.platform_keys.get(serial)
        if key is None:
            raise NotificationRejected("UNKNOWN_SERIAL", f"no platform key for serial {serial}")
        if not rsa_sha256_verify(key, response_message(timestamp, nonce, body), signature):
            raise NotificationRejected("BAD_SIGNATURE")
        try:
            envelope = json.loads(body)
            resource = envelope["resource"]
            notification_id = envelope["id"]
            if resource.get("algorithm") != "AEAD_AES_256_GCM" or not isinstance(notification_id, str):
                raise NotificationRejected("MALFORMED", "unexpected envelope")
            args = (resource.get("associated_data") or "", resource["nonce"], resource["ciphertext"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise NotificationRejected("MALFORMED", "not a WeChat Pay notification envelope") from exc
        try:
            plain = decrypt_resource(self._api_v3_key, *args)
        except (InvalidTag, ValueError, TypeError) as exc:
            raise NotificationRejected("DECRYPT_FAILED", "resource does not decrypt") from exc
        try:
            tx = json.loads(plain)
            out_trade_no = tx["out_trade_no"]
            trade_state = tx.get("trade_state")
            total = (tx.get("amount") or {}).get("total")
            if not isinstance(out_trade_no, str) or (
                total is not None and (not isinstance(total, int) or isinstance(total, bool))
            ):
                raise NotificationRejected("MALFORMED", "bad field types in the resource")
            paid_at = _parse_time(tx.get("success_time"))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise NotificationRejected("MALFORMED", "resource is not a transaction") from exc
        paid = resource.get("original_type", "transaction") == "transaction" and trade_state == "SUCCESS"
        return VerifiedNotification(
            out_trade_no=out_trade_no,
            paid=paid,
            amount_fen=total,
            provider_trade_id=tx.get("transaction_id"),
            merchant_id=tx.get("mchid"),
            app_id=tx.get("appid"),
            notification_id=notification_id,
            paid_at=paid_at,
            nonce=nonce,
            timestamp=int(timestamp),
            provider_state=trade_state,
        )

    def notification_ack(self, ok: bool, *, refused: bool = False) -> tuple[int, bytes, str]:
        if ok:
            return 204, b"", "text/plain; charset=utf-8"
        # APIv3: answer FAIL with a 4XX or 5XX; WeChat Pay retries either way.
        body = json.dumps({"code": "FAIL", "message": "失败"}, ensure_ascii=False).encode("utf-8")
        return 401 if refused else 500, body, "application/json; charset=utf-8"

    # -- transport ------------------------------------------------------------------------------------

    def _download_certificates(self) -> dict[str, rsa.RSAPublicKey]:
        """``GET /v3/certificates``: the platform certificates now listed, decrypted and checked."""
        resp = self._send("GET", CERTIFICATES_PATH, None, public_key_mode=False)
        try:
            data = resp.json() if resp.status_code == 200 else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise ProviderResponseInvalid(f"WeChat Pay certificates: HTTP {resp.status_code}")
        now = datetime.fromtimestamp(self._clock(), UTC)
        keys = decrypt_certificates(self._api_v3_key, data.get("data"), now)
        # the answer is signed by one of the certificates it carries (authenticated by the APIv3 key)
        self._verify_response(resp, lambda serial: keys.get(serial) or self.platform_keys.known(serial))
        log.info("wechatpay: platform certificates %s", ",".join(sorted(keys)))
        return keys

    def _call(self, method: str, path: str, payload: dict[str, Any] | None) -> tuple[int, dict[str, Any]]:
        """Send one signed request; return (status, JSON body or {}) after checking the answer's signature."""
        resp = self._send(method, path, payload, public_key_mode=bool(self._public_key_id))
        self._verify_response(
            resp, lambda serial: self.platform_keys.get(serial, refresh_interval_s=ANSWER_REFRESH_INTERVAL_S)
        )
        if not resp.content:
            return resp.status_code, {}
        try:
            data = resp.json()
        except ValueError as exc:
            raise ProviderResponseInvalid("WeChat Pay answered with invalid JSON") from exc
        if not isinstance(data, dict):
            raise ProviderResponseInvalid("WeChat Pay answered with a non-object")
        return resp.status_code, data

    def _send(
        self, method: str, path: str, payload: dict[str, Any] | None, *, public_key_mode: bool
    ) -> requests.Response:
        url_path = self._prefix + path
        body = (
            b""
            if payload is None
            else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        )
        timestamp = str(int(self._clock()))
        nonce = secrets.token_hex(16).upper()
        signature = rsa_sha256_sign(
            self._private_key, request_message(method, url_path, timestamp, nonce, body)
        )
        headers = {
            "Authorization": authorization_header(self.mchid, self._serial_no, nonce, timestamp, signature),
            "Accept": "application/json",
            "User-Agent": "maintfund-deposit/0.1",
        }
        if payload is not None:
            headers["Content-Type"] = "application/json"
        if public_key_mode:
            headers["Wechatpay-Serial"] = self._public_key_id
        try:
            return self._session.request(
                method, self._origin + url_path, data=body or None, headers=headers, timeout=self._timeout_s
            )
        except requests.RequestException as exc:
            raise Unavailable("WeChat Pay did not answer", code="UPSTREAM_UNAVAILABLE") from exc

    def _verify_response(
        self, resp: requests.Response, key_for: Callable[[str], rsa.RSAPublicKey | None]
    ) -> None:
        timestamp = resp.headers.get("Wechatpay-Timestamp", "")
        nonce = resp.headers.get("Wechatpay-Nonce", "")
        signature = resp.headers.get("Wechatpay-Signature", "")
        serial = resp.headers.get("Wechatpay-Serial", "")
        if not (timestamp and nonce and signature and serial):
            raise ProviderResponseInvalid(
                f"unsigned WeChat Pay response (HTTP {resp.status_code})", http_status=str(resp.status_code)
            )
        key = key_for(serial)
        if key is None:
            raise ProviderResponseInvalid(f"WeChat Pay response signed with unknown serial {serial}")
        if not rsa_sha256_verify(key, response_message(timestamp, nonce, resp.content), signature):
            raise ProviderResponseInvalid("WeChat Pay response signature does not verify")

    @staticmethod
    def _raise_for(status: int, data: dict[str, Any]) -> None:
        code = str(data.get("code") or f"HTTP_{status}")
        message = str(data.get("message") or "WeChat Pay refused the request")
        if status == 429 or status >= 500:
            raise Unavailable(f"WeChat Pay: {message}", code="UPSTREAM_UNAVAILABLE", provider_code=code)
        raise ProviderRejected(f"WeChat Pay: {message}", provider_code=code, http_status=str(status))
