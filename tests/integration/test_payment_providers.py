"""The real WeChat Pay and Alipay clients against the sandbox stand-ins over HTTP.

The sandbox and the receiver that plays the deposit service's notify endpoints come from
tests/payment_sandbox.py (shared with the providers' own SDKs' tests). No database or broker is needed.
"""

from __future__ import annotations

import base64
import queue
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
import requests

from deposit.adapters.payments import (
    NotificationRejected,
    ProviderRejected,
    ProviderResponseInvalid,
)
from deposit.adapters.payments.alipay import AlipayClient
from deposit.adapters.payments.wechatpay import WeChatPayClient
from maintfund_common.errors import Unavailable
from sandbox import payments
from tests import payment_sandbox
from tests.payment_sandbox import (
    ALIPAY_APP_ID,
    API_V3_KEY,
    APPID,
    KEYS,
    MCHID,
    MERCHANT_SERIAL,
    PLATFORM_SERIAL,
    SELLER_ID,
    WAIT_S,
    Receiver,
)
from tests.payment_sandbox import pem as _pem

# the shared set-up's fixtures, taken into this module (pytest finds fixtures among a module's names)
sandbox_url, receiver_server, receiver = (
    payment_sandbox.sandbox_url,
    payment_sandbox.receiver_server,
    payment_sandbox.receiver,
)


def _wechat(sandbox_url: str, receiver: Receiver, **overrides: Any) -> WeChatPayClient:
    kwargs: dict[str, Any] = {
        "base_url": sandbox_url,
        "mchid": MCHID,
        "appid": APPID,
        "merchant_serial_no": MERCHANT_SERIAL,
        "merchant_private_key_pem": _pem("wechat_merchant_private"),
        "platform_public_keys": {PLATFORM_SERIAL: _pem("wechat_platform_public")},
        "api_v3_key": API_V3_KEY,
        "notify_url": receiver.url + "/notify/wechat",
        "timeout_s": 5.0,
    }
    kwargs.update(overrides)
    return WeChatPayClient(**kwargs)


def _alipay(sandbox_url: str, receiver: Receiver, **overrides: Any) -> AlipayClient:
    kwargs: dict[str, Any] = {
        "gateway_url": sandbox_url + "/alipay/gateway.do",
        "app_id": ALIPAY_APP_ID,
        "seller_id": SELLER_ID,
        "app_private_key_pem": _pem("alipay_app_private"),
        "alipay_public_key_pem": _pem("alipay_platform_public"),
        "notify_url": receiver.url + "/notify/alipay",
        "timeout_s": 5.0,
    }
    kwargs.update(overrides)
    return AlipayClient(**kwargs)


@pytest.fixture
def wechat(sandbox_url: str, receiver: Receiver) -> Iterator[WeChatPayClient]:
    client = _wechat(sandbox_url, receiver)
    yield client
    client.close_session()


@pytest.fixture
def alipay(sandbox_url: str, receiver: Receiver) -> Iterator[AlipayClient]:
    client = _alipay(sandbox_url, receiver)
    yield client
    client.close_session()


def _in(minutes: int) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def _pay(sandbox_url: str, out_trade_no: str, **extra: str) -> dict[str, Any]:
    resp = requests.post(
        f"{sandbox_url}/sandbox/pay", json={"out_trade_no": out_trade_no, **extra}, timeout=5
    )
    assert resp.status_code == 200, resp.text
    return resp.json()


def _rejected(client: Any, headers: dict[str, str], body: bytes) -> str:
    with pytest.raises(NotificationRejected) as err:
        client.verify_notification(headers, body)
    return err.value.reason


# --- WeChat Pay --------------------------------------------------------------------------------------


def test_wechat_create_query_pay_notify_query(
    wechat: WeChatPayClient, receiver: Receiver, sandbox_url: str
) -> None:
    created = wechat.create("WX20261127000001", 123_456, "北京市住宅专项维修资金 首次交存", _in(30))
    assert created.qr_content.startswith("weixin://wxpay/bizpayurl?pr=")
    assert timedelta(minutes=29) < created.expires_at - datetime.now(UTC) <= timedelta(minutes=30)

    before = wechat.query("WX20261127000001")
    assert (before.state, before.amount_fen, before.provider_state) == ("NOT_PAID", 123_456, "NOTPAY")

    paid = _pay(sandbox_url, "WX20261127000001")
    path, headers, body = receiver.next_call()
    assert path == "/notify/wechat"
    note = wechat.verify_notification(headers, body)
    assert note.paid and note.out_trade_no == "WX20261127000001" and note.amount_fen == 123_456
    assert (note.merchant_id, note.app_id) == (MCHID, APPID)
    assert note.provider_trade_id == paid["provider_trade_id"]
    assert note.notification_id.startswith("EV-") and note.nonce and note.timestamp
    assert note.paid_at is not None

    after = wechat.query("WX20261127000001")
    assert (after.state, after.amount_fen, after.provider_trade_id) == (
        "PAID",
        123_456,
        note.provider_trade_id,
    )
    assert (after.merchant_id, after.app_id, after.paid_at) == (MCHID, APPID, note.paid_at)

    day = note.paid_at.astimezone(payments.BEIJING).date().isoformat()
    csv_text = requests.get(
        f"{sandbox_url}/sandbox/payments/statement", params={"date": day, "channel": "WECHAT"}, timeout=5
    ).text
    lines = csv_text.strip().splitlines()
    assert lines[0] == "out_trade_no,provider_trade_id,amount_fen,paid_at"
    assert lines[1].startswith(f"WX20261127000001,{note.provider_trade_id},123456,")


def test_wechat_unknown_order_is_not_found(wechat: WeChatPayClient) -> None:
    assert wechat.query("WX20261127999999").state == "NOT_FOUND"


def test_wechat_repeat_create_is_idempotent_and_changed_amount_refused(wechat: WeChatPayClient) -> None:
    first = wechat.create("WX20261127000002", 100, "维修资金", _in(30))
    assert wechat.create("WX20261127000002", 100, "维修资金", _in(30)).qr_content == first.qr_content
    with pytest.raises(ProviderRejected) as err:
        wechat.create("WX20261127000002", 101, "维修资金", _in(30))
    assert err.value.details["provider_code"] == "INVALID_REQUEST"


def test_wechat_close(wechat: WeChatPayClient, sandbox_url: str) -> None:
    wechat.create("WX20261127000003", 100, "维修资金", _in(30))
    wechat.close("WX20261127000003")
    assert wechat.query("WX20261127000003").state == "CLOSED"
    resp = requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": "WX20261127000003"}, timeout=5)
    assert resp.status_code == 409


def test_wechat_close_of_paid_order_is_refused(wechat: WeChatPayClient, sandbox_url: str) -> None:
    wechat.create("WX20261127000004", 100, "维修资金", _in(30))
    _pay(sandbox_url, "WX20261127000004")
    with pytest.raises(ProviderRejected):
        wechat.close("WX20261127000004")


def test_wechat_notification_is_retried_until_acknowledged(
    wechat: WeChatPayClient, receiver: Receiver, sandbox_url: str
) -> None:
    receiver.fail_next, receiver.fail_path = 2, "/notify/wechat/retry"
    wechat = _wechat(sandbox_url, receiver, notify_url=receiver.url + receiver.fail_path)
    wechat.create("WX20261127000005", 100, "维修资金", _in(30))
    _pay(sandbox_url, "WX20261127000005")
    deliveries = [receiver.next_call(path=receiver.fail_path) for _ in range(3)]
    notes = [wechat.verify_notification(h, b) for _, h, b in deliveries]
    assert len({n.notification_id for n in notes}) == 1  # the same notification, re-signed per attempt
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        view = requests.get(f"{sandbox_url}/sandbox/payments/orders/WX20261127000005", timeout=5).json()
        if view["delivered"]:
            break
        time.sleep(0.02)
    assert view["delivered"] and [a["ok"] for a in view["attempts"]] == [False, False, True]
    # each attempt's send time to the microsecond (what bench/run.py measures notification latency from)
    sent = [datetime.fromisoformat(a["sent_at"]) for a in view["attempts"]]
    assert sent == sorted(sent) and len(set(sent)) == 3 and all(t.tzinfo is not None for t in sent)


def test_wechat_forged_tampered_stale_and_probe_notifications_are_rejected(
    wechat: WeChatPayClient, receiver: Receiver, sandbox_url: str
) -> None:
    wechat.create("WX20261127000006", 5_000, "维修资金", _in(30))
    _pay(sandbox_url, "WX20261127000006")
    _, headers, body = receiver.next_call()
    assert wechat.verify_notification(headers, body).paid

    # forged: signed with a key that is not the platform's
    from deposit.adapters.payments.base import load_private_key, rsa_sha256_sign
    from deposit.adapters.payments.wechatpay import response_message

    forged_sig = rsa_sha256_sign(
        load_private_key(_pem("wechat_merchant_private")),
        response_message(headers["Wechatpay-Timestamp"], headers["Wechatpay-Nonce"], body),
    )
    assert _rejected(wechat, {**headers, "Wechatpay-Signature": forged_sig}, body) == "BAD_SIGNATURE"
    # tampered: one byte of the (encrypted) body changed, or a field added
    assert _rejected(wechat, headers, body.replace(b"\xe6\x94\xaf", b"\xe6\x94\xb0", 1)) == "BAD_SIGNATURE"
    assert _rejected(wechat, headers, body[:-1] + b',"amount":1}') == "BAD_SIGNATURE"
    # a nonce/timestamp swapped in from elsewhere breaks the signature too
    assert _rejected(wechat, {**headers, "Wechatpay-Nonce": "other"}, body) == "BAD_SIGNATURE"
    # stale: the receiving clock is 301 s ahead of the signing time
    late = _wechat(sandbox_url, receiver, clock=lambda: int(headers["Wechatpay-Timestamp"]) + 301)
    assert _rejected(late, headers, body) == "STALE_TIMESTAMP"
    late.close_session()
    # WeChat Pay's deliberate probe
    probe = {**headers, "Wechatpay-Signature": "WECHATPAY/SIGNTEST/" + headers["Wechatpay-Signature"]}
    assert _rejected(wechat, probe, body) == "SIGNTEST_PROBE"
    # correctly signed but encrypted under another APIv3 key
    other_key = _wechat(sandbox_url, receiver, api_v3_key="X" * 32)
    assert _rejected(other_key, headers, body) == "DECRYPT_FAILED"
    other_key.close_session()


def test_wechat_response_with_bad_or_missing_signature_is_refused(
    sandbox_url: str, receiver: Receiver
) -> None:
    wrong_key = _wechat(
        sandbox_url, receiver, platform_public_keys={PLATFORM_SERIAL: _pem("alipay_app_public")}
    )
    with pytest.raises(ProviderResponseInvalid):
        wrong_key.create("WX20261127000007", 100, "维修资金", _in(30))
    wrong_key.close_session()
    # an unsigned 200 with a plausible body (e.g. a man in the middle) is refused as well
    unsigned = _wechat(receiver.url + "/unsigned", receiver)
    with pytest.raises(ProviderResponseInvalid):
        unsigned.create("WX20261127000008", 100, "维修资金", _in(30))
    unsigned.close_session()


def test_sandbox_refuses_wrongly_signed_requests(sandbox_url: str, receiver: Receiver) -> None:
    impostor = _wechat(sandbox_url, receiver, merchant_private_key_pem=_pem("alipay_app_private"))
    with pytest.raises(ProviderResponseInvalid):  # the sandbox's 401 is unsigned, as WeChat Pay's is
        impostor.query("WX20261127000009")
    impostor.close_session()
    resp = requests.get(
        f"{sandbox_url}/v3/pay/transactions/out-trade-no/WX20261127000009?mchid={MCHID}", timeout=5
    )
    assert resp.status_code == 401 and resp.json()["code"] == "SIGN_ERROR"


def test_unreachable_provider_is_unavailable(receiver: Receiver) -> None:
    client = _wechat("http://127.0.0.1:9", receiver, timeout_s=1.0)
    with pytest.raises(Unavailable):
        client.query("WX20261127000010")
    client.close_session()


def test_drop_mode_sends_nothing_and_renotify_sends_the_same_notification(
    wechat: WeChatPayClient, receiver: Receiver, sandbox_url: str
) -> None:
    resp = requests.post(f"{sandbox_url}/sandbox/payments/notify-mode", json={"mode": "drop"}, timeout=5)
    assert resp.status_code == 200
    wechat.create("WX20261127000011", 100, "维修资金", _in(30))
    assert _pay(sandbox_url, "WX20261127000011")["notify"] == "dropped"
    with pytest.raises(queue.Empty):
        receiver.next_call(timeout=0.3)
    assert wechat.query("WX20261127000011").state == "PAID"  # what the poller relies on

    for _ in range(2):
        resp = requests.post(
            f"{sandbox_url}/sandbox/payments/renotify", json={"out_trade_no": "WX20261127000011"}, timeout=5
        )
        assert resp.status_code == 202
    ids = {
        wechat.verify_notification(h, b).notification_id for _, h, b in (receiver.next_call() for _ in "ab")
    }
    assert len(ids) == 1


# --- Alipay ------------------------------------------------------------------------------------------


def test_alipay_create_query_pay_notify_query(
    alipay: AlipayClient, receiver: Receiver, sandbox_url: str
) -> None:
    created = alipay.create("AP20261127000001", 123_456, "北京市住宅专项维修资金 首次交存", _in(30))
    assert created.qr_content.startswith("https://qr.alipay.com/")

    before = alipay.query("AP20261127000001")
    assert (before.state, before.provider_state) == ("NOT_PAID", "ACQ.TRADE_NOT_EXIST")

    paid = _pay(sandbox_url, "AP20261127000001")
    path, headers, body = receiver.next_call()
    assert path == "/notify/alipay"
    assert headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    note = alipay.verify_notification(headers, body)
    assert note.paid and note.out_trade_no == "AP20261127000001" and note.amount_fen == 123_456
    assert (note.app_id, note.merchant_id) == (ALIPAY_APP_ID, SELLER_ID)
    assert note.provider_trade_id == paid["provider_trade_id"] and note.notification_id
    assert note.nonce is None and note.timestamp is not None and note.paid_at is not None

    after = alipay.query("AP20261127000001")
    assert (after.state, after.amount_fen, after.provider_trade_id) == (
        "PAID",
        123_456,
        note.provider_trade_id,
    )
    assert after.paid_at == note.paid_at

    day = note.paid_at.astimezone(payments.BEIJING).date().isoformat()
    csv_text = requests.get(
        f"{sandbox_url}/sandbox/payments/statement", params={"date": day, "channel": "ALIPAY"}, timeout=5
    ).text
    assert f"AP20261127000001,{note.provider_trade_id},123456," in csv_text


def test_alipay_close_before_scan_and_after_payment(alipay: AlipayClient, sandbox_url: str) -> None:
    alipay.create("AP20261127000002", 100, "维修资金", _in(30))
    alipay.close("AP20261127000002")  # not scanned yet: nothing to close, not an error
    _pay(sandbox_url, "AP20261127000002")
    with pytest.raises(ProviderRejected) as err:
        alipay.close("AP20261127000002")
    assert err.value.details["provider_code"] == "ACQ.TRADE_STATUS_ERROR"


def test_alipay_notification_retried_on_failure_answer(
    alipay: AlipayClient, receiver: Receiver, sandbox_url: str
) -> None:
    receiver.fail_next, receiver.fail_path = 1, "/notify/alipay/retry"
    alipay = _alipay(sandbox_url, receiver, notify_url=receiver.url + receiver.fail_path)
    alipay.create("AP20261127000003", 100, "维修资金", _in(30))
    _pay(sandbox_url, "AP20261127000003")
    first, second = (receiver.next_call(path=receiver.fail_path) for _ in range(2))
    a, b = (alipay.verify_notification(h, body) for _, h, body in (first, second))
    assert a.notification_id == b.notification_id


def test_alipay_forged_and_tampered_notifications_are_rejected(
    alipay: AlipayClient, receiver: Receiver, sandbox_url: str
) -> None:
    alipay.create("AP20261127000004", 5_000, "维修资金", _in(30))
    _pay(sandbox_url, "AP20261127000004")
    _, headers, body = receiver.next_call()
    assert alipay.verify_notification(headers, body).amount_fen == 5_000
    params = dict(parse_qsl(body.decode()))

    tampered = urlencode({**params, "total_amount": "0.01"}).encode()
    assert _rejected(alipay, headers, tampered) == "BAD_SIGNATURE"
    other_seller = urlencode({**params, "seller_id": "2088999999999999"}).encode()
    assert _rejected(alipay, headers, other_seller) == "BAD_SIGNATURE"
    forged = urlencode({**params, "sign": base64.b64encode(b"\0" * 256).decode()}).encode()
    assert _rejected(alipay, headers, forged) == "BAD_SIGNATURE"
    unsigned = urlencode({k: v for k, v in params.items() if k != "sign"}).encode()
    assert _rejected(alipay, headers, unsigned) == "MALFORMED"
    assert _rejected(alipay, headers, b"\xff\xfe") == "MALFORMED"


def test_alipay_response_with_bad_signature_is_refused(sandbox_url: str, receiver: Receiver) -> None:
    wrong_key = _alipay(sandbox_url, receiver, alipay_public_key_pem=_pem("alipay_app_public"))
    with pytest.raises(ProviderResponseInvalid):
        wrong_key.query("AP20261127000005")
    wrong_key.close_session()


def test_sandbox_refuses_wrongly_signed_alipay_requests(sandbox_url: str, receiver: Receiver) -> None:
    impostor = _alipay(sandbox_url, receiver, app_private_key_pem=_pem("wechat_merchant_private"))
    with pytest.raises(ProviderRejected) as err:
        impostor.create("AP20261127000006", 100, "维修资金", _in(30))
    assert err.value.details["provider_code"] == "isv.invalid-signature"
    impostor.close_session()


def test_statement_validates_its_parameters(sandbox_url: str, receiver: Receiver) -> None:
    del receiver
    url = f"{sandbox_url}/sandbox/payments/statement"
    assert requests.get(url, params={"date": "2026-13-01", "channel": "WECHAT"}, timeout=5).status_code == 400
    assert requests.get(url, params={"date": "2026-11-27", "channel": "CASH"}, timeout=5).status_code == 400
    empty = requests.get(url, params={"date": "2000-01-01", "channel": "ALIPAY"}, timeout=5)
    assert empty.status_code == 200 and empty.text == (
        "out_trade_no,provider_trade_id,amount_fen,paid_at\ntotal_count,total_amount_fen\n0,0\n"
    )


# --- WeChat Pay platform keys: downloaded certificates, rotation, 微信支付公钥 ---------------------------

PUBLIC_KEY_ID = "PUB_KEY_ID_0119000000012026120600000000000001"


def test_wechat_downloads_certificates_and_follows_a_rotation_mid_run(
    receiver: Receiver, sandbox_url: str
) -> None:
    """No key configured but the APIv3 key: the client downloads the platform certificates; the sandbox
    rotates between the order and the payment, the notification comes signed under the new serial and is
    accepted without a restart; a flood of unknown serials costs one refresh per interval."""
    now = [1000.0]
    client = _wechat(sandbox_url, receiver, platform_public_keys={}, refresh_interval_s=60.0)
    client.platform_keys._monotonic = lambda: now[0]
    client.create("WX20261206000101", 2_500, "维修资金", _in(30))
    assert client.platform_keys.serials() == {PLATFORM_SERIAL} and client.platform_keys.refreshes == 1
    now[0] += 60  # the order waits a minute for its payer

    rotated = requests.post(f"{sandbox_url}/sandbox/wechatpay/rotate-platform-certificate", timeout=30)
    new_serial = rotated.json()["serial_no"]
    assert new_serial != PLATFORM_SERIAL

    _pay(sandbox_url, "WX20261206000101")
    _, headers, body = receiver.next_call(path="/notify/wechat")
    assert headers["Wechatpay-Serial"] == new_serial
    note = client.verify_notification(headers, body)
    assert note.paid and note.out_trade_no == "WX20261206000101" and note.amount_fen == 2_500
    assert client.platform_keys.serials() == {PLATFORM_SERIAL, new_serial}
    assert client.platform_keys.refreshes == 2
    # answers signed under the new serial verify too, with no further download
    assert client.query("WX20261206000101").state == "PAID"
    assert client.platform_keys.refreshes == 2

    # forged serials: refused, and only the first within the interval may refresh (here: none, the
    # last refresh was just now)
    for serial in ("DEADBEEF" * 5, "0123456789ABCDEF0123456789ABCDEF01234567"):
        assert _rejected(client, {**headers, "Wechatpay-Serial": serial}, body) == "UNKNOWN_SERIAL"
    assert client.platform_keys.refreshes == 2
    client.close_session()


def test_wechat_answer_under_a_new_serial_refreshes_right_after_another_refresh(
    receiver: Receiver, sandbox_url: str
) -> None:
    """WeChat Pay rotates seconds after the client last downloaded its certificates: the next answer, to
    our own request and signed under the new serial, refreshes at once (notifications, which anyone can
    post, still wait for the interval)."""
    now = [1000.0]
    client = _wechat(sandbox_url, receiver, platform_public_keys={}, refresh_interval_s=60.0)
    client.platform_keys._monotonic = lambda: now[0]
    client.create("WX20261207000201", 1_200, "维修资金", _in(30))
    assert client.platform_keys.refreshes == 1
    now[0] += 5
    rotated = requests.post(f"{sandbox_url}/sandbox/wechatpay/rotate-platform-certificate", timeout=30)
    new_serial = rotated.json()["serial_no"]
    assert client.query("WX20261207000201").state == "NOT_PAID"  # answered under the new serial
    assert new_serial in client.platform_keys.serials() and client.platform_keys.refreshes == 2
    client.close_session()


def test_wechat_refresh_is_rate_limited(receiver: Receiver, sandbox_url: str) -> None:
    now = [1000.0]
    client = _wechat(sandbox_url, receiver, platform_public_keys={}, refresh_interval_s=60.0)
    client.platform_keys._monotonic = lambda: now[0]
    headers = {
        "Wechatpay-Timestamp": str(int(time.time())),
        "Wechatpay-Nonce": "n",
        "Wechatpay-Signature": "c2ln",
        "Wechatpay-Serial": "ABCDEF",
    }
    for _ in range(5):
        assert _rejected(client, headers, b"{}") == "UNKNOWN_SERIAL"
    assert client.platform_keys.refreshes == 1
    now[0] += 61
    assert _rejected(client, headers, b"{}") == "UNKNOWN_SERIAL"
    assert client.platform_keys.refreshes == 2
    client.close_session()


def test_wechat_public_key_scheme_with_several_keys_and_a_new_key_without_restart(
    receiver: Receiver, sandbox_url: str, tmp_path: Path
) -> None:
    """微信支付公钥 mode: requests name the public key, answers and notifications are signed with it;
    a key file added to the directory (a Secret volume being updated) is used without a restart."""
    other = tmp_path / "PUB_KEY_ID_0119000000012025010100000000000009.pem"
    other.write_bytes(_pem("alipay_platform_public"))  # an older, unrelated public key
    client = _wechat(
        sandbox_url,
        receiver,
        platform_public_keys={},
        download_certificates=False,
        public_keys_dir=tmp_path,
        public_key_id=PUBLIC_KEY_ID,
        refresh_interval_s=0.0,
    )
    assert client.platform_keys.serials() == {other.stem}
    with pytest.raises(ProviderResponseInvalid, match="unknown serial"):
        client.create("WX20261206000102", 300, "维修资金", _in(30))
    (tmp_path / f"{PUBLIC_KEY_ID}.pem").write_bytes(
        (KEYS / "wechatpay-public-keys" / f"{PUBLIC_KEY_ID}.pem").read_bytes()
    )
    client.create("WX20261206000102", 300, "维修资金", _in(30))
    assert client.platform_keys.serials() == {other.stem, PUBLIC_KEY_ID}

    switched = requests.post(
        f"{sandbox_url}/sandbox/wechatpay/verification-scheme", json={"scheme": "public_key"}, timeout=5
    )
    assert switched.status_code == 200
    _pay(sandbox_url, "WX20261206000102")
    _, headers, body = receiver.next_call(path="/notify/wechat")
    assert headers["Wechatpay-Serial"] == PUBLIC_KEY_ID
    assert client.verify_notification(headers, body).paid
    # the platform-certificate serial means nothing to a client that downloads no certificates
    assert _rejected(client, {**headers, "Wechatpay-Serial": PLATFORM_SERIAL}, body) == "UNKNOWN_SERIAL"
    client.close_session()
