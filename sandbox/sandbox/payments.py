"""Stand-ins for WeChat Pay (APIv3 Native) and Alipay (precreate) with their own TEST keys.

The blueprint ``bp`` (no url_prefix) speaks the providers' wire protocols, implemented here on purpose
independently of the deposit service's clients so that a protocol mistake on either side shows up:

WeChat Pay APIv3 (requests must carry a valid ``WECHATPAY2-SHA256-RSA2048`` Authorization made with the
merchant key; every answer after authentication is signed with the platform key):
  GET  /v3/certificates                    the platform certificates, each AEAD_AES_256_GCM-encrypted
                                           under the APIv3 key (associated_data "certificate")
  POST /v3/pay/transactions/native
  GET  /v3/pay/transactions/out-trade-no/<out_trade_no>?mchid=
  GET  /v3/pay/transactions/id/<transaction_id>?mchid=
  POST /v3/pay/transactions/out-trade-no/<out_trade_no>/close
  Every signed answer carries Wechatpay-Timestamp, -Nonce, -Signature, -Serial and -Signature-Type
  (WECHATPAY2-SHA256-RSA2048). It is signed with the newest platform certificate's key, or with the
  微信支付公钥 (``Wechatpay-Serial: PUB_KEY_ID_…``) when the request names that key in its own
  ``Wechatpay-Serial`` header or the merchant's verification scheme is ``public_key``.
Alipay open API (parameters in the query string (GET, as python-alipay-sdk sends them) or the form
(POST), RSA2 signed by the app key; answers signed with the Alipay key):
  GET|POST /alipay/gateway.do   method=alipay.trade.precreate | alipay.trade.query | alipay.trade.close
Test controls:
  POST /sandbox/pay                          {"out_trade_no", "channel"?: WECHAT|ALIPAY} the payer pays
  POST /sandbox/payments/renotify            {"out_trade_no", "channel"?} deliver the same notification again
  POST /sandbox/payments/notify-mode         {"mode": "normal"|"drop"} (drop: never notify)
  GET  /sandbox/payments/statement?date=YYYY-MM-DD&channel=WECHAT|ALIPAY   CSV of paid trades, ending
                                             with a summary: total_count,total_amount_fen
  GET  /sandbox/payments/orders/<out_trade_no>?channel=   one order's state and delivery attempts
  POST /sandbox/payments/reset               forget every order, mode back to normal, rotated platform
                                             certificates forgotten, verification scheme certificate
  POST /sandbox/wechatpay/rotate-platform-certificate   -> {"serial_no"}: a new platform key and
                                             certificate signs from now on; the previous one stays listed
                                             by /v3/certificates for SANDBOX_WECHAT_CERT_OVERLAP_SECONDS
  POST /sandbox/wechatpay/verification-scheme  {"scheme": "certificate"|"public_key"} which key signs
                                             notifications and answers (as the merchant platform's
                                             switch to 微信支付公钥 does)

Configuration (environment, read on every request; defaults are the test identities):
  SANDBOX_KEYS_DIR (sandbox/keys), SANDBOX_WECHAT_MCHID (1900000001), SANDBOX_WECHAT_APPID
  (wx8888888888888888), SANDBOX_WECHAT_MERCHANT_SERIAL, SANDBOX_WECHAT_PLATFORM_SERIAL,
  SANDBOX_WECHAT_API_V3_KEY (32 characters), SANDBOX_WECHAT_PUBLIC_KEY_ID
  (PUB_KEY_ID_0119000000012026120600000000000001), SANDBOX_WECHAT_CERT_OVERLAP_SECONDS (3600),
  SANDBOX_ALIPAY_APP_ID (2021000000000001),
  SANDBOX_ALIPAY_SELLER_ID (2088000000000001), SANDBOX_RETRY_SCALE (0.01: the providers' notification
  retry schedules, shortened).

State lives in memory under one lock: the sandbox is a single process.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import logging
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import requests
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID
from flask import Blueprint, Response, request

log = logging.getLogger(__name__)

bp = Blueprint("sandbox_payments", __name__)

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
ALIPAY_TIME = "%Y-%m-%d %H:%M:%S"
DEFAULT_KEYS_DIR = Path(__file__).resolve().parent.parent / "keys"
WECHAT_AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048"
WECHAT_OUT_TRADE_NO = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")
ALIPAY_OUT_TRADE_NO = re.compile(r"^[0-9A-Za-z_]{1,64}$")
ALIPAY_AMOUNT = re.compile(r"^([0-9]{1,9})(?:\.([0-9]{1,2}))?$")
CODE_URL_LIFETIME = timedelta(hours=2)
# Published retry schedules (seconds after the previous attempt), scaled by SANDBOX_RETRY_SCALE.
WECHAT_RETRY_S = (15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600)
ALIPAY_RETRY_S = (240, 600, 600, 3600, 7200, 21600, 54000)
NOTIFY_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class SandboxConfig:
    keys_dir: Path
    wechat_mchid: str
    wechat_appid: str
    wechat_merchant_serial: str
    wechat_platform_serial: str
    wechat_api_v3_key: str
    wechat_public_key_id: str
    wechat_cert_overlap_s: float
    alipay_app_id: str
    alipay_seller_id: str
    retry_scale: float


def config() -> SandboxConfig:
    env = os.environ
    return SandboxConfig(
        keys_dir=Path(env.get("SANDBOX_KEYS_DIR") or DEFAULT_KEYS_DIR),
        wechat_mchid=env.get("SANDBOX_WECHAT_MCHID", "1900000001"),
        wechat_appid=env.get("SANDBOX_WECHAT_APPID", "wx8888888888888888"),
        wechat_merchant_serial=env.get(
            "SANDBOX_WECHAT_MERCHANT_SERIAL", "3775B6A45ACD588826D15E583A95F5DD00000001"
        ),
        wechat_platform_serial=env.get(
            "SANDBOX_WECHAT_PLATFORM_SERIAL", "7132D72A03E93CDDF8C03BBD1F37EEDF00000001"
        ),
        wechat_api_v3_key=env.get("SANDBOX_WECHAT_API_V3_KEY", "SandboxApiV3Key0123456789abcdefg"),
        wechat_public_key_id=env.get(
            "SANDBOX_WECHAT_PUBLIC_KEY_ID", "PUB_KEY_ID_0119000000012026120600000000000001"
        ),
        wechat_cert_overlap_s=float(env.get("SANDBOX_WECHAT_CERT_OVERLAP_SECONDS", "3600")),
        alipay_app_id=env.get("SANDBOX_ALIPAY_APP_ID", "2021000000000001"),
        alipay_seller_id=env.get("SANDBOX_ALIPAY_SELLER_ID", "2088000000000001"),
        retry_scale=float(env.get("SANDBOX_RETRY_SCALE", "0.01")),
    )


@lru_cache(maxsize=16)
def _private_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


@lru_cache(maxsize=16)
def _public_key(path: Path) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(path.read_bytes())
    assert isinstance(key, rsa.RSAPublicKey)
    return key


def _sign(key: rsa.RSAPrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def _verify(key: rsa.RSAPublicKey, message: bytes, signature_b64: str) -> bool:
    try:
        key.verify(
            base64.b64decode(signature_b64, validate=True), message, padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def _now() -> datetime:
    return datetime.now(BEIJING).replace(microsecond=0)


# --- WeChat Pay platform certificates and 微信支付公钥 ------------------------------------------------


@dataclass(frozen=True)
class PlatformCertificate:
    """One WeChat Pay platform certificate: its serial (hex, as in ``Wechatpay-Serial``) and key."""

    serial_no: str
    key: rsa.RSAPrivateKey
    certificate_pem: str
    effective_time: datetime
    expire_time: datetime
    created: float  # time.time() when it was made; the previous one is retired from then on


def _make_certificate(serial_no: str, key: rsa.RSAPrivateKey, created: float) -> PlatformCertificate:
    """A certificate for ``key`` whose X.509 serial number is ``serial_no`` read as hex, as WeChat's
    are (the SDKs match ``Wechatpay-Serial`` against the certificate's serial number)."""
    start = datetime.fromtimestamp(created, BEIJING).replace(microsecond=0) - timedelta(days=1)
    end = start + timedelta(days=5 * 365)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sandbox Tenpay.com"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Sandbox Tenpay.com Root CA"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(int(serial_no, 16))
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    return PlatformCertificate(
        serial_no=serial_no,
        key=key,
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        effective_time=start,
        expire_time=end,
        created=created,
    )


@lru_cache(maxsize=4)
def _configured_certificate(serial_no: str, key_path: Path) -> PlatformCertificate:
    return _make_certificate(serial_no, _private_key(key_path), time.time())


def _platform_certificates() -> list[PlatformCertificate]:
    """Every platform certificate still listed, oldest first; the last one signs."""
    cfg = config()
    first = _configured_certificate(cfg.wechat_platform_serial, cfg.keys_dir / "wechat_platform_private.pem")
    with _lock:
        chain = [first, *_state.rotated]
    now = time.time()
    # a certificate stays listed until its successor has been signing for the overlap period
    return [
        cert
        for cert, successor in zip(chain, [*chain[1:], None], strict=True)
        if successor is None or now - successor.created < cfg.wechat_cert_overlap_s
    ]


def _wechat_signing_key(requested_serial: str = "") -> tuple[str, rsa.RSAPrivateKey]:
    """(serial or public key id, private key) that signs an answer or a notification."""
    cfg = config()
    with _lock:
        scheme = _state.verification_scheme
    if scheme == "public_key" or requested_serial == cfg.wechat_public_key_id:
        return cfg.wechat_public_key_id, _private_key(cfg.keys_dir / "wechat_pubkey_private.pem")
    newest = _platform_certificates()[-1]
    return newest.serial_no, newest.key


def _wechat_signed_headers(body: bytes, requested_serial: str = "") -> dict[str, str]:
    serial, key = _wechat_signing_key(requested_serial)
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    return {
        "Wechatpay-Timestamp": timestamp,
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Signature": _sign(key, f"{timestamp}\n{nonce}\n".encode() + body + b"\n"),
        "Wechatpay-Serial": serial,
        "Wechatpay-Signature-Type": WECHAT_AUTH_SCHEMA,
    }


# --- state -------------------------------------------------------------------------------------------


@dataclass
class Order:
    """One order at either provider. Alipay: ``status`` None until the payer scans (no trade yet)."""

    channel: str
    out_trade_no: str
    app_id: str
    merchant_id: str
    description: str
    amount_fen: int
    notify_url: str
    expires_at: datetime
    qr_content: str
    status: str | None
    created_at: datetime
    provider_trade_id: str | None = None
    paid_at: datetime | None = None
    notification_id: str | None = None
    notification_payload: Any = None
    attempts: list[dict[str, Any]] = field(default_factory=list)
    delivered: bool = False


@dataclass
class _State:
    wechat: dict[str, Order] = field(default_factory=dict)
    alipay: dict[str, Order] = field(default_factory=dict)
    notify_mode: str = "normal"
    generation: int = 0
    # platform certificates made by rotate-platform-certificate, oldest first (the configured one is
    # always the first of the list and is not stored here)
    rotated: list[PlatformCertificate] = field(default_factory=list)
    verification_scheme: str = "certificate"


_lock = threading.RLock()  # re-entrant: answers are signed (which reads the key state) under it
_state = _State()


def reset_state() -> None:
    """Forget every order, rotated certificate and pending retry (tests, ``make demo-reset``)."""
    with _lock:
        _state.wechat.clear()
        _state.alipay.clear()
        _state.notify_mode = "normal"
        _state.generation += 1
        _state.rotated.clear()
        _state.verification_scheme = "certificate"


def _trade_id(prefix: str) -> str:
    return prefix + _now().strftime("%Y%m%d") + "".join(secrets.choice("0123456789") for _ in range(16))


def _json(status: int, payload: Any) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json")


# --- WeChat Pay APIv3 --------------------------------------------------------------------------------


def _wechat_response(status: int, payload: dict[str, Any] | None) -> Response:
    body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    resp = Response(body, status=status, content_type="application/json; charset=utf-8")
    resp.headers["Request-ID"] = secrets.token_hex(16)
    resp.headers.update(_wechat_signed_headers(body, request.headers.get("Wechatpay-Serial", "")))
    return resp


def _wechat_error(status: int, code: str, message: str) -> Response:
    return _wechat_response(status, {"code": code, "message": message})


def _wechat_authenticate() -> Response | None:
    """Check the merchant's Authorization header; an unsigned 401 on failure (as the real API does)."""
    cfg = config()
    header = request.headers.get("Authorization", "")
    schema, _, rest = header.partition(" ")
    fields = dict(re.findall(r'(\w+)="([^"]*)"', rest))
    failure = None
    if schema != WECHAT_AUTH_SCHEMA or not {
        "mchid",
        "nonce_str",
        "signature",
        "timestamp",
        "serial_no",
    } <= set(fields):
        failure = "Authorization 缺失或格式错误"
    elif fields["mchid"] != cfg.wechat_mchid or fields["serial_no"] != cfg.wechat_merchant_serial:
        failure = "商户号或证书序列号不正确"
    elif (
        not (fields["timestamp"].isascii() and fields["timestamp"].isdigit())
        or abs(time.time() - int(fields["timestamp"])) > 300
    ):
        failure = "请求时间戳已过期"
    else:
        raw_uri = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
        if not raw_uri:
            query = request.query_string.decode("ascii")
            raw_uri = quote(request.path) + (f"?{query}" if query else "")
        message = (
            f"{request.method}\n{raw_uri}\n{fields['timestamp']}\n{fields['nonce_str']}\n".encode()
            + request.get_data()
            + b"\n"
        )
        public_key = _public_key(cfg.keys_dir / "wechat_merchant_public.pem")
        if not _verify(public_key, message, fields["signature"]):
            failure = "签名错误"
    if failure is None:
        return None
    body = json.dumps({"code": "SIGN_ERROR", "message": failure}, ensure_ascii=False)
    return Response(body, status=401, content_type="application/json; charset=utf-8")


def _wechat_transaction(order: Order) -> dict[str, Any]:
    tx: dict[str, Any] = {
        "appid": order.app_id,
        "mchid": order.merchant_id,
        "out_trade_no": order.out_trade_no,
        "trade_type": "NATIVE",
        "trade_state": order.status,
        "trade_state_desc": {"SUCCESS": "支付成功", "NOTPAY": "未支付", "CLOSED": "已关闭"}[
            str(order.status)
        ],
        "attach": "",
        "amount": {"total": order.amount_fen, "currency": "CNY"},
    }
    if order.status == "SUCCESS" and order.paid_at is not None:
        tx.update(
            transaction_id=order.provider_trade_id,
            bank_type="OTHERS",
            success_time=order.paid_at.isoformat(),
            payer={"openid": "oSandboxPayer000000000000001"},
        )
        tx["amount"].update(payer_total=order.amount_fen, payer_currency="CNY")
    return tx


@bp.post("/v3/pay/transactions/native")
def wechat_native() -> Response:  # noqa: PLR0911 - one answer per protocol error
    if (denied := _wechat_authenticate()) is not None:
        return denied
    cfg = config()
    try:
        body = json.loads(request.get_data())
        out_trade_no, amount = body["out_trade_no"], body["amount"]
        total, description, notify_url = amount["total"], body["description"], body["notify_url"]
        time_expire = datetime.fromisoformat(body["time_expire"]) if body.get("time_expire") else None
        valid = (
            isinstance(out_trade_no, str)
            and WECHAT_OUT_TRADE_NO.fullmatch(out_trade_no) is not None
            and isinstance(total, int)
            and not isinstance(total, bool)
            and total > 0
            and amount.get("currency", "CNY") == "CNY"
            and isinstance(description, str)
            and 0 < len(description) <= 127
            and isinstance(notify_url, str)
            and notify_url.startswith(("https://", "http://"))
            and (time_expire is None or time_expire.tzinfo is not None)
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        valid = False
    if not valid:
        return _wechat_error(400, "PARAM_ERROR", "参数错误")
    if body.get("appid") != cfg.wechat_appid or body.get("mchid") != cfg.wechat_mchid:
        return _wechat_error(400, "APPID_MCHID_NOT_MATCH", "appid和mchid不匹配")
    now = _now()
    with _lock:
        existing = _state.wechat.get(out_trade_no)
        if existing is not None:
            if existing.status == "SUCCESS":
                return _wechat_error(403, "ORDERPAID", "该订单已支付")
            if existing.status == "CLOSED":
                return _wechat_error(400, "ORDER_CLOSED", "订单已关闭")
            if existing.amount_fen != total or existing.description != description:
                return _wechat_error(400, "INVALID_REQUEST", "参数与首次请求时不一致")
            return _wechat_response(200, {"code_url": existing.qr_content})
        order = Order(
            channel="WECHAT",
            out_trade_no=out_trade_no,
            app_id=cfg.wechat_appid,
            merchant_id=cfg.wechat_mchid,
            description=description,
            amount_fen=total,
            notify_url=notify_url,
            expires_at=min(time_expire or now + CODE_URL_LIFETIME, now + CODE_URL_LIFETIME),
            qr_content="weixin://wxpay/bizpayurl?pr=" + secrets.token_urlsafe(8),
            status="NOTPAY",
            created_at=now,
        )
        _state.wechat[out_trade_no] = order
    return _wechat_response(200, {"code_url": order.qr_content})


@bp.get("/v3/pay/transactions/out-trade-no/<out_trade_no>")
def wechat_query(out_trade_no: str) -> Response:
    if (denied := _wechat_authenticate()) is not None:
        return denied
    if request.args.get("mchid") != config().wechat_mchid:
        return _wechat_error(400, "PARAM_ERROR", "mchid不正确")
    with _lock:
        order = _state.wechat.get(out_trade_no)
        tx = _wechat_transaction(order) if order is not None else None
    if tx is None:
        return _wechat_error(404, "ORDER_NOT_EXIST", "订单不存在")
    return _wechat_response(200, tx)


@bp.get("/v3/pay/transactions/id/<transaction_id>")
def wechat_query_by_transaction_id(transaction_id: str) -> Response:
    if (denied := _wechat_authenticate()) is not None:
        return denied
    if request.args.get("mchid") != config().wechat_mchid:
        return _wechat_error(400, "PARAM_ERROR", "mchid不正确")
    with _lock:
        order = next((o for o in _state.wechat.values() if o.provider_trade_id == transaction_id), None)
        tx = _wechat_transaction(order) if order is not None else None
    if tx is None:
        return _wechat_error(404, "ORDER_NOT_EXIST", "订单不存在")
    return _wechat_response(200, tx)


@bp.get("/v3/certificates")
def wechat_certificates() -> Response:
    """平台证书列表: each certificate PEM encrypted with AEAD_AES_256_GCM under the APIv3 key."""
    if (denied := _wechat_authenticate()) is not None:
        return denied
    aead = AESGCM(config().wechat_api_v3_key.encode("utf-8"))
    data = []
    for cert in _platform_certificates():
        nonce = secrets.token_hex(6)
        ciphertext = aead.encrypt(nonce.encode(), cert.certificate_pem.encode("ascii"), b"certificate")
        data.append(
            {
                "serial_no": cert.serial_no,
                "effective_time": cert.effective_time.isoformat(),
                "expire_time": cert.expire_time.isoformat(),
                "encrypt_certificate": {
                    "algorithm": "AEAD_AES_256_GCM",
                    "nonce": nonce,
                    "associated_data": "certificate",
                    "ciphertext": base64.b64encode(ciphertext).decode("ascii"),
                },
            }
        )
    return _wechat_response(200, {"data": data})


@bp.post("/sandbox/wechatpay/rotate-platform-certificate")
def sandbox_rotate_platform_certificate() -> Response:
    """A new platform key and certificate: it signs from now on, the previous one stays listed."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    serial_no = f"{secrets.randbits(156) | (1 << 155):040X}"  # 40 hex digits, a positive X.509 serial
    cert = _make_certificate(serial_no, key, time.time())
    with _lock:
        _state.rotated.append(cert)
    log.info("sandbox: WeChat Pay platform certificate rotated to %s", serial_no)
    return _json(200, {"serial_no": serial_no})


@bp.post("/sandbox/wechatpay/verification-scheme")
def sandbox_verification_scheme() -> Response:
    body = request.get_json(silent=True)
    scheme = body.get("scheme") if isinstance(body, dict) else None
    if scheme not in ("certificate", "public_key"):
        return _json(400, {"error": "VALIDATION_FAILED", "detail": 'scheme is "certificate" or "public_key"'})
    with _lock:
        _state.verification_scheme = scheme
    serial, _key = _wechat_signing_key()
    return _json(200, {"scheme": scheme, "serial_no": serial})


@bp.post("/v3/pay/transactions/out-trade-no/<out_trade_no>/close")
def wechat_close(out_trade_no: str) -> Response:
    if (denied := _wechat_authenticate()) is not None:
        return denied
    try:
        mchid = json.loads(request.get_data()).get("mchid")
    except (ValueError, AttributeError):
        mchid = None
    if mchid != config().wechat_mchid:
        return _wechat_error(400, "PARAM_ERROR", "mchid不正确")
    with _lock:
        order = _state.wechat.get(out_trade_no)
        if order is None:
            return _wechat_error(404, "ORDER_NOT_EXIST", "订单不存在")
        if order.status == "SUCCESS":
            return _wechat_error(400, "ORDERPAID", "订单已支付")
        order.status = "CLOSED"
    return _wechat_response(204, None)


def _wechat_notification(order: Order) -> dict[str, Any]:
    """The notification envelope with the encrypted transaction (fixed per order; re-signed per try)."""
    cfg = config()
    plaintext = json.dumps(_wechat_transaction(order), ensure_ascii=False).encode("utf-8")
    aes_nonce = secrets.token_hex(6)  # 12 characters, as WeChat Pay does
    ciphertext = AESGCM(cfg.wechat_api_v3_key.encode("utf-8")).encrypt(
        aes_nonce.encode(), plaintext, b"transaction"
    )
    return {
        "id": order.notification_id,
        "create_time": _now().isoformat(),
        "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {
            "original_type": "transaction",
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ciphertext).decode("ascii"),
            "associated_data": "transaction",
            "nonce": aes_nonce,
        },
    }


def _wechat_delivery(order: Order) -> tuple[dict[str, str], bytes]:
    """The notification, signed at each try with the key that signs now (a rotation in between counts)."""
    body = json.dumps(order.notification_payload, ensure_ascii=False).encode("utf-8")
    return {"Content-Type": "application/json", **_wechat_signed_headers(body)}, body


# --- Alipay open API ---------------------------------------------------------------------------------


def _fen_to_yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _yuan_to_fen(value: object) -> int | None:
    match = ALIPAY_AMOUNT.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    return int(match.group(1)) * 100 + int((match.group(2) or "").ljust(2, "0"))


def _alipay_response(node_name: str, node: dict[str, Any]) -> Response:
    raw = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
    sign = _sign(_private_key(config().keys_dir / "alipay_platform_private.pem"), raw.encode("utf-8"))
    text = '{"' + node_name + '":' + raw + ',"sign":"' + sign + '"}'
    return Response(text.encode("utf-8"), status=200, content_type="application/json; charset=utf-8")


def _alipay_fail(node_name: str, code: str, msg: str, sub_code: str, sub_msg: str, **extra: str) -> Response:
    node = {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg, **extra}
    return _alipay_response(node_name, node)


def _business_failed(node_name: str, sub_code: str, sub_msg: str, **extra: str) -> Response:
    return _alipay_fail(node_name, "40004", "Business Failed", sub_code, sub_msg, **extra)


def _parse_alipay_expiry(biz: dict[str, Any], now: datetime) -> datetime:
    if isinstance(biz.get("time_expire"), str) and biz["time_expire"]:
        return datetime.strptime(biz["time_expire"], ALIPAY_TIME).replace(tzinfo=BEIJING)
    express = biz.get("timeout_express") or biz.get("qr_code_timeout_express")
    if isinstance(express, str) and (match := re.fullmatch(r"([0-9]+)([mhd])", express)):
        unit = {"m": 60, "h": 3600, "d": 86400}[match.group(2)]
        return now + timedelta(seconds=int(match.group(1)) * unit)
    return now + timedelta(hours=2)


@bp.route("/alipay/gateway.do", methods=["GET", "POST"])
def alipay_gateway() -> Response:
    cfg = config()
    params = {**request.args.to_dict(), **request.form.to_dict()}
    method = params.get("method", "")
    handlers: dict[str, Callable[[str, dict[str, Any], dict[str, str]], Response]] = {
        "alipay.trade.precreate": _alipay_precreate,
        "alipay.trade.query": _alipay_query,
        "alipay.trade.close": _alipay_close,
    }
    node_name = method.replace(".", "_") + "_response" if method in handlers else "error_response"
    if method not in handlers:
        return _alipay_fail(node_name, "40002", "Invalid Arguments", "isv.invalid-method", "不存在的方法名")
    if params.get("app_id") != cfg.alipay_app_id:
        return _alipay_fail(node_name, "40002", "Invalid Arguments", "isv.invalid-app-id", "无效的AppID参数")
    if params.get("sign_type") != "RSA2" or params.get("charset", "utf-8").lower() != "utf-8":
        return _alipay_fail(
            node_name, "40002", "Invalid Arguments", "isv.invalid-signature-type", "签名类型错误"
        )
    content = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v != "")
    public_key = _public_key(cfg.keys_dir / "alipay_app_public.pem")
    if not _verify(public_key, content.encode("utf-8"), params.get("sign", "")):
        return _alipay_fail(node_name, "40002", "Invalid Arguments", "isv.invalid-signature", "验签出错")
    try:
        biz = json.loads(params.get("biz_content", ""))
        if not isinstance(biz, dict):
            raise TypeError("biz_content")
    except (ValueError, TypeError):
        return _alipay_fail(node_name, "40002", "Invalid Arguments", "isv.invalid-parameter", "参数无效")
    return handlers[method](node_name, biz, params)


def _alipay_precreate(node_name: str, biz: dict[str, Any], params: dict[str, str]) -> Response:
    cfg = config()
    out_trade_no, subject = biz.get("out_trade_no"), biz.get("subject")
    amount_fen = _yuan_to_fen(biz.get("total_amount"))
    now = _now()
    try:
        expires_at = _parse_alipay_expiry(biz, now)
    except ValueError:
        expires_at = None
    if (
        not isinstance(out_trade_no, str)
        or not ALIPAY_OUT_TRADE_NO.fullmatch(out_trade_no)
        or not isinstance(subject, str)
        or not subject
        or amount_fen is None
        or amount_fen <= 0
        or expires_at is None
    ):
        return _alipay_fail(node_name, "40002", "Invalid Arguments", "isv.invalid-parameter", "参数无效")
    if biz.get("seller_id") not in (None, "", cfg.alipay_seller_id):
        return _business_failed(node_name, "ACQ.PAYEE_NOT_EXIST", "收款账号不存在")
    with _lock:
        existing = _state.alipay.get(out_trade_no)
        if existing is not None:
            if existing.status in ("TRADE_SUCCESS", "TRADE_FINISHED"):
                return _business_failed(node_name, "ACQ.TRADE_HAS_SUCCESS", "交易已被支付")
            if existing.status == "TRADE_CLOSED":
                return _business_failed(node_name, "ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
            if existing.amount_fen != amount_fen:
                return _business_failed(node_name, "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")
            order = existing
        else:
            order = Order(
                channel="ALIPAY",
                out_trade_no=out_trade_no,
                app_id=cfg.alipay_app_id,
                merchant_id=cfg.alipay_seller_id,
                description=subject,
                amount_fen=amount_fen,
                notify_url=params.get("notify_url", ""),
                expires_at=expires_at,
                qr_content="https://qr.alipay.com/"
                + secrets.token_urlsafe(12).replace("-", "x").replace("_", "y"),
                status=None,
                created_at=now,
            )
            _state.alipay[out_trade_no] = order
    node = {"code": "10000", "msg": "Success", "out_trade_no": out_trade_no, "qr_code": order.qr_content}
    return _alipay_response(node_name, node)


def _alipay_query(node_name: str, biz: dict[str, Any], params: dict[str, str]) -> Response:
    del params
    out_trade_no, trade_no = biz.get("out_trade_no"), biz.get("trade_no")
    with _lock:
        order = _state.alipay.get(out_trade_no) if isinstance(out_trade_no, str) else None
        if order is None and isinstance(trade_no, str) and trade_no:
            order = next((o for o in _state.alipay.values() if o.provider_trade_id == trade_no), None)
        if order is None or order.status is None:
            return _business_failed(
                node_name, "ACQ.TRADE_NOT_EXIST", "交易不存在", out_trade_no=str(out_trade_no)
            )
        node: dict[str, Any] = {
            "code": "10000",
            "msg": "Success",
            "trade_no": order.provider_trade_id,
            "out_trade_no": order.out_trade_no,
            "buyer_logon_id": "san***@sandbox.example",
            "trade_status": order.status,
            "total_amount": _fen_to_yuan(order.amount_fen),
            "buyer_pay_amount": _fen_to_yuan(order.amount_fen) if order.paid_at else "0.00",
            "buyer_user_id": "2088000000009999",
        }
        if order.paid_at is not None:
            node["send_pay_date"] = order.paid_at.strftime(ALIPAY_TIME)
    return _alipay_response(node_name, node)


def _alipay_close(node_name: str, biz: dict[str, Any], params: dict[str, str]) -> Response:
    del params
    out_trade_no = biz.get("out_trade_no")
    with _lock:
        order = _state.alipay.get(out_trade_no) if isinstance(out_trade_no, str) else None
        # A precreated order that was never scanned has no trade yet: like Alipay, say so. The QR code
        # stays payable until it expires, so a late payment can still arrive.
        if order is None or order.status is None:
            return _business_failed(node_name, "ACQ.TRADE_NOT_EXIST", "交易不存在")
        if order.status != "WAIT_BUYER_PAY":
            return _business_failed(node_name, "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
        order.status = "TRADE_CLOSED"
        trade_no = order.provider_trade_id
    node = {"code": "10000", "msg": "Success", "trade_no": trade_no, "out_trade_no": out_trade_no}
    return _alipay_response(node_name, node)


def _alipay_notification(order: Order) -> dict[str, str]:
    assert order.paid_at is not None
    amount = _fen_to_yuan(order.amount_fen)
    return {
        "notify_time": _now().strftime(ALIPAY_TIME),
        "notify_type": "trade_status_sync",
        "notify_id": order.notification_id or "",
        "app_id": order.app_id,
        "charset": "utf-8",
        "version": "1.0",
        "trade_no": order.provider_trade_id or "",
        "out_trade_no": order.out_trade_no,
        "buyer_id": "2088000000009999",
        "buyer_logon_id": "san***@sandbox.example",
        "seller_id": order.merchant_id,
        "trade_status": "TRADE_SUCCESS",
        "total_amount": amount,
        "receipt_amount": amount,
        "buyer_pay_amount": amount,
        "subject": order.description,
        "gmt_create": order.created_at.strftime(ALIPAY_TIME),
        "gmt_payment": order.paid_at.strftime(ALIPAY_TIME),
        "fund_bill_list": json.dumps([{"amount": amount, "fundChannel": "ALIPAYACCOUNT"}]),
    }


def _alipay_delivery(order: Order) -> tuple[dict[str, str], bytes]:
    params = dict(order.notification_payload)
    content = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    params["sign_type"] = "RSA2"
    params["sign"] = _sign(_private_key(config().keys_dir / "alipay_platform_private.pem"), content.encode())
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    return headers, urlencode(params, encoding="utf-8").encode("ascii")


# --- payment simulation and notification delivery -----------------------------------------------------


def _find(out_trade_no: str, channel: str | None) -> Order | Response:
    candidates = []
    if channel in (None, "WECHAT") and out_trade_no in _state.wechat:
        candidates.append(_state.wechat[out_trade_no])
    if channel in (None, "ALIPAY") and out_trade_no in _state.alipay:
        candidates.append(_state.alipay[out_trade_no])
    if not candidates:
        return _json(404, {"error": "NOT_FOUND", "detail": "no such order at the sandbox providers"})
    if len(candidates) > 1:
        return _json(409, {"error": "AMBIGUOUS", "detail": "give channel WECHAT or ALIPAY"})
    return candidates[0]


def _is_paid(order: Order) -> bool:
    return order.status in ("SUCCESS", "TRADE_SUCCESS", "TRADE_FINISHED")


def _request_json() -> tuple[str, str | None] | Response:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("out_trade_no"), str):
        return _json(400, {"error": "VALIDATION_FAILED", "detail": 'send {"out_trade_no": ...}'})
    channel = body.get("channel")
    if channel not in (None, "WECHAT", "ALIPAY"):
        return _json(400, {"error": "VALIDATION_FAILED", "detail": "channel is WECHAT or ALIPAY"})
    return body["out_trade_no"], channel


def _order_view(order: Order) -> dict[str, Any]:
    return {
        "channel": order.channel,
        "out_trade_no": order.out_trade_no,
        "status": order.status or "NOT_SCANNED",
        "amount_fen": order.amount_fen,
        "provider_trade_id": order.provider_trade_id,
        "paid_at": order.paid_at.isoformat() if order.paid_at else None,
        "notification_id": order.notification_id,
        "notify_url": order.notify_url,
        "delivered": order.delivered,
        "attempts": list(order.attempts),
    }


@bp.post("/sandbox/pay")
def sandbox_pay() -> Response:  # noqa: PLR0911
    parsed = _request_json()
    if isinstance(parsed, Response):
        return parsed
    out_trade_no, channel = parsed
    with _lock:
        found = _find(out_trade_no, channel)
        if isinstance(found, Response):
            return found
        order = found
        if _is_paid(order):
            return _json(200, {**_order_view(order), "notify": "none (already paid)"})
        if order.status in ("CLOSED", "TRADE_CLOSED"):
            return _json(409, {"error": "CLOSED", "detail": "the order is closed"})
        if _now() > order.expires_at:
            return _json(409, {"error": "EXPIRED", "detail": "the QR code has expired"})
        order.paid_at = _now()
        if order.channel == "WECHAT":
            order.status = "SUCCESS"
            order.provider_trade_id = _trade_id("4200")
            order.notification_id = "EV-" + secrets.token_hex(12)
            order.notification_payload = _wechat_notification(order)
        else:  # the trade springs into existence when the payer scans, and is paid at once
            order.status = "TRADE_SUCCESS"
            order.provider_trade_id = _trade_id("")
            order.notification_id = secrets.token_hex(16)
            order.notification_payload = _alipay_notification(order)
        mode, generation = _state.notify_mode, _state.generation
        view = _order_view(order)
    if mode == "drop":
        return _json(200, {**view, "notify": "dropped"})
    _start_delivery(order, generation)
    return _json(200, {**view, "notify": "scheduled"})


@bp.post("/sandbox/payments/renotify")
def sandbox_renotify() -> Response:
    """Deliver the same notification again (same WeChat id / Alipay notify_id): duplicate delivery."""
    parsed = _request_json()
    if isinstance(parsed, Response):
        return parsed
    with _lock:
        found = _find(*parsed)
        if isinstance(found, Response):
            return found
        if not _is_paid(found):
            return _json(409, {"error": "NOT_PAID", "detail": "nothing to notify yet"})
        generation = _state.generation
    _start_delivery(found, generation)
    return _json(202, {"notify": "scheduled", "notification_id": found.notification_id})


def _start_delivery(order: Order, generation: int) -> None:
    thread = threading.Thread(
        target=_deliver, args=(order, generation), name=f"sandbox-notify-{order.out_trade_no}", daemon=True
    )
    thread.start()


def _deliver(order: Order, generation: int) -> None:
    """Send the notification; retry on non-success answers along the provider's (scaled) schedule."""
    try:
        scale = config().retry_scale
        schedule = WECHAT_RETRY_S if order.channel == "WECHAT" else ALIPAY_RETRY_S
        build = _wechat_delivery if order.channel == "WECHAT" else _alipay_delivery
        for delay in (0, *schedule):
            if delay:
                time.sleep(delay * scale)
            with _lock:
                if _state.generation != generation:
                    return
            headers, body = build(order)
            # "at" as the provider logs it (seconds); "sent_at" to the microsecond, for latency measurements
            outcome: dict[str, Any] = {"at": _now().isoformat(), "sent_at": datetime.now(BEIJING).isoformat()}
            try:
                resp = requests.post(order.notify_url, data=body, headers=headers, timeout=NOTIFY_TIMEOUT_S)
                outcome["status"] = resp.status_code
                if order.channel == "WECHAT":
                    ok = resp.status_code in (200, 204)
                else:
                    ok = resp.status_code == 200 and resp.text.strip() == "success"
            except requests.RequestException as exc:
                outcome["error"] = type(exc).__name__
                ok = False
            with _lock:
                order.attempts.append({**outcome, "ok": ok})
                if ok:
                    order.delivered = True
            if ok:
                return
        log.warning("sandbox: gave up notifying %s %s", order.channel, order.out_trade_no)
    except Exception:  # a background thread must never die loudly
        log.exception("sandbox: notification delivery failed for %s", order.out_trade_no)


@bp.post("/sandbox/payments/notify-mode")
def sandbox_notify_mode() -> Response:
    body = request.get_json(silent=True)
    mode = body.get("mode") if isinstance(body, dict) else None
    if mode not in ("normal", "drop"):
        return _json(400, {"error": "VALIDATION_FAILED", "detail": 'mode is "normal" or "drop"'})
    with _lock:
        _state.notify_mode = mode
    return _json(200, {"mode": mode})


@bp.post("/sandbox/payments/reset")
def sandbox_reset() -> Response:
    reset_state()
    return _json(200, {"reset": True})


@bp.get("/sandbox/payments/orders/<out_trade_no>")
def sandbox_order(out_trade_no: str) -> Response:
    channel = request.args.get("channel") or None
    with _lock:
        found = _find(out_trade_no, channel)
        if isinstance(found, Response):
            return found
        return _json(200, _order_view(found))


@bp.get("/sandbox/payments/statement")
def sandbox_statement() -> Response:
    """The day's paid trades of one channel (by Beijing payment date), as CSV with a totals summary."""
    channel = request.args.get("channel", "")
    try:
        day = datetime.strptime(request.args.get("date", ""), "%Y-%m-%d").date()
    except ValueError:
        return _json(400, {"error": "VALIDATION_FAILED", "detail": "date=YYYY-MM-DD is required"})
    if channel not in ("WECHAT", "ALIPAY"):
        return _json(400, {"error": "VALIDATION_FAILED", "detail": "channel is WECHAT or ALIPAY"})
    with _lock:
        orders = list((_state.wechat if channel == "WECHAT" else _state.alipay).values())
        rows = sorted(
            (o.paid_at, o.out_trade_no, o.provider_trade_id, o.amount_fen)
            for o in orders
            if _is_paid(o) and o.paid_at is not None and o.paid_at.date() == day
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["out_trade_no", "provider_trade_id", "amount_fen", "paid_at"])
    for paid_at, out_trade_no, trade_id, amount_fen in rows:
        writer.writerow([out_trade_no, trade_id, amount_fen, paid_at.isoformat()])
    # the summary the providers' statements end with: a cut-short download is then detectable
    writer.writerow(["total_count", "total_amount_fen"])
    writer.writerow([len(rows), sum(row[3] for row in rows)])
    resp = Response(out.getvalue(), status=200, content_type="text/csv; charset=utf-8")
    resp.headers["Content-Disposition"] = f'attachment; filename="{channel.lower()}-{day.isoformat()}.csv"'
    return resp
