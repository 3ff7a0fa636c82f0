"""Pure tests of the payment adapters' protocol pieces: signing strings, money at the Alipay edge,
RSA2 parameter sorting, and notification verification on hand-made inputs (no sockets)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given
from hypothesis import strategies as st

from deposit.adapters.payments import NotificationRejected, PaymentProvider
from deposit.adapters.payments.alipay import (
    AlipayClient,
    fen_to_yuan,
    notify_signing_content,
    request_signing_content,
    split_top_level,
    yuan_to_fen,
)
from deposit.adapters.payments.base import (
    load_private_key,
    load_public_key,
    rsa_sha256_sign,
    rsa_sha256_verify,
)
from deposit.adapters.payments.wechatpay import (
    WeChatPayClient,
    authorization_header,
    check_out_trade_no,
    decrypt_resource,
    format_time_expire,
    request_message,
    response_message,
)
from maintfund_common.errors import ValidationFailed

KEYS = Path(__file__).resolve().parents[2] / "sandbox" / "keys"
API_V3_KEY = "SandboxApiV3Key0123456789abcdefg"
PLATFORM_SERIAL = "7132D72A03E93CDDF8C03BBD1F37EEDF00000001"
NOW = 1_790_000_000.0


def _pem(name: str) -> bytes:
    return (KEYS / f"{name}.pem").read_bytes()


def _wechat(clock_offset: float = 0.0) -> WeChatPayClient:
    return WeChatPayClient(
        base_url="http://127.0.0.1:9",
        mchid="1900000001",
        appid="wx8888888888888888",
        merchant_serial_no="3775B6A45ACD588826D15E583A95F5DD00000001",
        merchant_private_key_pem=_pem("wechat_merchant_private"),
        platform_public_keys={PLATFORM_SERIAL: _pem("wechat_platform_public")},
        api_v3_key=API_V3_KEY,
        notify_url="https://portal.example/notify/wechat",
        clock=lambda: NOW + clock_offset,
    )


def _alipay() -> AlipayClient:
    return AlipayClient(
        gateway_url="http://127.0.0.1:9/gateway.do",
        app_id="2021000000000001",
        seller_id="2088000000000001",
        app_private_key_pem=_pem("alipay_app_private"),
        alipay_public_key_pem=_pem("alipay_platform_public"),
        notify_url="https://portal.example/notify/alipay",
    )


# --- WeChat Pay signing strings ----------------------------------------------------------------------


def test_wechat_request_message_get_has_empty_body_line() -> None:
    # The example of the APIv3 signing guide.
    msg = request_message("GET", "/v3/certificates", "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", b"")
    assert msg == b"GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"


def test_wechat_request_message_post_includes_raw_body_and_query() -> None:
    body = '{"mchid":"1900000001","description":"维修资金"}'.encode()
    msg = request_message("post", "/v3/pay/transactions/native?x=1", "1", "N", body)
    assert msg == b"POST\n/v3/pay/transactions/native?x=1\n1\nN\n" + body + b"\n"


def test_wechat_response_message() -> None:
    assert response_message("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", b"{}") == (
        b"1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{}\n"
    )
    assert response_message("1", "n", b"") == b"1\nn\n\n"


def test_wechat_authorization_header_format() -> None:
    header = authorization_header("1900000001", "SERIAL", "NONCE", "123", "SIG==")
    assert header == (
        'WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="NONCE",signature="SIG==",'
        'timestamp="123",serial_no="SERIAL"'
    )


def test_time_expire_is_rfc3339_beijing_whole_seconds() -> None:
    moment = datetime(2026, 11, 27, 2, 34, 56, 789_000, tzinfo=UTC)
    assert format_time_expire(moment) == "2026-11-27T10:34:56+08:00"


@pytest.mark.parametrize("value", ["A" * 32, "abc-12_3", "x|y*z-1"])
def test_out_trade_no_accepted(value: str) -> None:
    check_out_trade_no(value)


@pytest.mark.parametrize("value", ["A" * 33, "short", "has space1", "中文订单号123", "a/b/c/d/e"])
def test_out_trade_no_refused(value: str) -> None:
    with pytest.raises(ValidationFailed):
        check_out_trade_no(value)


def test_rsa_sha256_round_trip_and_tamper() -> None:
    key = load_private_key(_pem("wechat_merchant_private"))
    public = load_public_key(_pem("wechat_merchant_public"))
    sig = rsa_sha256_sign(key, b"message")
    assert rsa_sha256_verify(public, b"message", sig)
    assert not rsa_sha256_verify(public, b"messagE", sig)
    assert not rsa_sha256_verify(public, b"message", "not base64!")
    assert not rsa_sha256_verify(load_public_key(_pem("wechat_platform_public")), b"message", sig)


def test_bare_base64_alipay_style_keys_load() -> None:
    pem = _pem("alipay_platform_public").decode()
    bare = "".join(line for line in pem.splitlines() if "-----" not in line)
    assert load_public_key(bare).public_numbers() == load_public_key(pem).public_numbers()


def test_decrypt_resource_round_trip_and_tamper() -> None:
    ct = AESGCM(API_V3_KEY.encode()).encrypt(b"abcdefabcdef", b'{"a":1}', b"transaction")
    b64 = base64.b64encode(ct).decode()
    assert decrypt_resource(API_V3_KEY.encode(), "transaction", "abcdefabcdef", b64) == b'{"a":1}'
    with pytest.raises(InvalidTag):
        decrypt_resource(API_V3_KEY.encode(), "certificate", "abcdefabcdef", b64)


def test_clients_satisfy_the_protocol() -> None:
    assert isinstance(_wechat(), PaymentProvider)
    assert isinstance(_alipay(), PaymentProvider)


def test_acks() -> None:
    assert _wechat().notification_ack(True)[:2] == (204, b"")
    status, body, ctype = _wechat().notification_ack(False)
    assert status == 500 and json.loads(body)["code"] == "FAIL" and ctype.startswith("application/json")
    # a forged or replayed notification is the sender's fault: 4xx, not a server error
    status, body, ctype = _wechat().notification_ack(False, refused=True)
    assert status == 401 and json.loads(body)["code"] == "FAIL" and ctype.startswith("application/json")
    assert _alipay().notification_ack(False, refused=True)[:2] == (200, b"failure")
    assert _alipay().notification_ack(True)[:2] == (200, b"success")
    assert _alipay().notification_ack(False)[:2] == (200, b"failure")


# --- WeChat notification verification on hand-made notifications ------------------------------------


def _wechat_notification(
    ts: int, *, signature: str | None = None, serial: str = PLATFORM_SERIAL, total: int = 1234
) -> tuple[dict[str, str], bytes]:
    tx = {
        "appid": "wx8888888888888888",
        "mchid": "1900000001",
        "out_trade_no": "D202611270001",
        "transaction_id": "4200000000202611270000000001",
        "trade_state": "SUCCESS",
        "success_time": "2026-11-27T10:00:00+08:00",
        "amount": {"total": total, "currency": "CNY"},
    }
    ct = AESGCM(API_V3_KEY.encode()).encrypt(b"0123456789ab", json.dumps(tx).encode(), b"transaction")
    envelope = {
        "id": "EV-1",
        "event_type": "TRANSACTION.SUCCESS",
        "resource_type": "encrypt-resource",
        "resource": {
            "original_type": "transaction",
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ct).decode(),
            "associated_data": "transaction",
            "nonce": "0123456789ab",
        },
    }
    body = json.dumps(envelope).encode()
    nonce = "N0NCE"
    if signature is None:
        key = load_private_key(_pem("wechat_platform_private"))
        signature = rsa_sha256_sign(key, response_message(str(ts), nonce, body))
    headers = {
        "Wechatpay-Timestamp": str(ts),
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Signature": signature,
        "Wechatpay-Serial": serial,
    }
    return headers, body


def test_wechat_notification_verifies_and_exposes_replay_fields() -> None:
    headers, body = _wechat_notification(int(NOW))
    note = _wechat().verify_notification({k.lower(): v for k, v in headers.items()}, body)
    assert note.paid and note.amount_fen == 1234 and note.out_trade_no == "D202611270001"
    assert (note.merchant_id, note.app_id, note.notification_id) == (
        "1900000001",
        "wx8888888888888888",
        "EV-1",
    )
    assert (note.nonce, note.timestamp) == ("N0NCE", int(NOW))
    assert note.paid_at == datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(("offset", "ok"), [(300, True), (-300, True), (301, False), (-301, False)])
def test_wechat_notification_timestamp_window(offset: int, ok: bool) -> None:
    headers, body = _wechat_notification(int(NOW) - offset)
    if ok:
        assert _wechat().verify_notification(headers, body).paid
    else:
        with pytest.raises(NotificationRejected) as err:
            _wechat().verify_notification(headers, body)
        assert err.value.reason == "STALE_TIMESTAMP"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"signature": "WECHATPAY/SIGNTEST/" + "A" * 40}, "SIGNTEST_PROBE"),
        ({"signature": base64.b64encode(b"x" * 256).decode()}, "BAD_SIGNATURE"),
        ({"serial": "UNKNOWN"}, "UNKNOWN_SERIAL"),
    ],
)
def test_wechat_notification_rejections(kwargs: dict[str, str], reason: str) -> None:
    headers, body = _wechat_notification(int(NOW), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(NotificationRejected) as err:
        _wechat().verify_notification(headers, body)
    assert err.value.reason == reason


def test_wechat_notification_missing_headers_is_malformed() -> None:
    with pytest.raises(NotificationRejected) as err:
        _wechat().verify_notification({}, b"{}")
    assert err.value.reason == "MALFORMED"


# --- Alipay money at the edge ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "yuan"),
    [(0, "0.00"), (1, "0.01"), (10, "0.10"), (100, "1.00"), (1234, "12.34"), (10**10, "100000000.00")],
)
def test_fen_to_yuan(fen: int, yuan: str) -> None:
    assert fen_to_yuan(fen) == yuan


@pytest.mark.parametrize("bad", [-1, True, 1.5, "12"])
def test_fen_to_yuan_refuses_non_integers(bad: object) -> None:
    with pytest.raises(ValueError, match="non-negative integer"):
        fen_to_yuan(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("yuan", "fen"), [("12.34", 1234), ("12.3", 1230), ("12", 1200), ("0.01", 1), ("0", 0)]
)
def test_yuan_to_fen(yuan: str, fen: int) -> None:
    assert yuan_to_fen(yuan) == fen


@pytest.mark.parametrize(
    "bad",
    ["12.345", "0.001", "-1.00", "+1.00", "1e3", "", "12.", ".5", " 12.34", "12,34", "1_000", "١٢.٣٤", "NaN"],
)
def test_yuan_to_fen_refuses_anything_but_two_decimals(bad: str) -> None:
    with pytest.raises(ValueError, match="yuan amount"):
        yuan_to_fen(bad)


@given(st.integers(min_value=0, max_value=10**12))
def test_fen_yuan_round_trip(fen: int) -> None:
    yuan = fen_to_yuan(fen)
    assert yuan_to_fen(yuan) == fen
    assert Decimal(yuan) * 100 == fen


@given(st.integers(min_value=0, max_value=10**9), st.text(alphabet="0123456789", min_size=1, max_size=2))
def test_yuan_text_round_trip(whole: int, frac: str) -> None:
    text = f"{whole}.{frac}"
    fen = yuan_to_fen(text)
    assert Decimal(text) * 100 == fen
    assert Decimal(fen_to_yuan(fen)) == Decimal(text)


# --- Alipay RSA2 parameter sorting -------------------------------------------------------------------


def test_request_signing_content_sorts_skips_empty_and_sign_but_keeps_sign_type() -> None:
    params = {
        "sign": "xyz",
        "sign_type": "RSA2",
        "method": "alipay.trade.query",
        "app_id": "2021000000000001",
        "biz_content": '{"out_trade_no":"A1"}',
        "notify_url": "",
        "Zeta": "upper-case sorts first",
    }
    assert request_signing_content(params) == (
        'Zeta=upper-case sorts first&app_id=2021000000000001&biz_content={"out_trade_no":"A1"}'
        "&method=alipay.trade.query&sign_type=RSA2"
    )


def test_notify_signing_content_drops_sign_and_sign_type_only() -> None:
    params = {"sign": "s", "sign_type": "RSA2", "trade_status": "TRADE_SUCCESS", "body": "", "app_id": "1"}
    assert notify_signing_content(params) == "app_id=1&body=&trade_status=TRADE_SUCCESS"


def test_split_top_level_keeps_the_raw_node_text() -> None:
    text = (
        '{ "alipay_trade_query_response" : {"code":"10000","msg":"Success","x":"}\\u4e2d\\/"} , "sign":"abc"}'
    )
    members = split_top_level(text)
    assert members["alipay_trade_query_response"] == '{"code":"10000","msg":"Success","x":"}\\u4e2d\\/"}'
    assert members["sign"] == '"abc"'
    assert split_top_level("{}") == {}
    for bad in ["[]", '{"a":1} x', '{"a" 1}', '{"a":1']:
        with pytest.raises((ValueError, IndexError)):
            split_top_level(bad)


def test_alipay_notification_amount_with_three_decimals_is_malformed() -> None:
    from urllib.parse import urlencode

    params = {
        "notify_id": "n1",
        "out_trade_no": "A1",
        "trade_status": "TRADE_SUCCESS",
        "total_amount": "12.345",
        "app_id": "2021000000000001",
    }
    key = load_private_key(_pem("alipay_platform_private"))
    params["sign"] = rsa_sha256_sign(key, notify_signing_content(params).encode())
    params["sign_type"] = "RSA2"
    with pytest.raises(NotificationRejected) as err:
        _alipay().verify_notification({}, urlencode(params).encode())
    assert err.value.reason == "MALFORMED"


def test_expires_at_must_be_aware_and_future() -> None:
    client = _wechat()
    with pytest.raises(ValidationFailed):
        client.create("D202611270001", 100, "维修资金", datetime(2030, 1, 1))
    with pytest.raises(ValidationFailed):
        client.create(
            "D202611270001", 100, "维修资金", datetime.fromtimestamp(NOW, UTC) - timedelta(seconds=1)
        )
    with pytest.raises(ValidationFailed):
        client.create("D202611270001", 0, "维修资金", datetime.fromtimestamp(NOW, UTC) + timedelta(hours=1))
