"""The providers' own SDKs, unmodified, drive the sandbox: it must speak their protocols as they do.

`wechatpayv3` (certificate mode, which downloads ``/v3/certificates`` at start and again on an unknown
``Wechatpay-Serial``, and 微信支付公钥 mode, ``PUB_KEY_ID_…``) and `python-alipay-sdk` (gateway called by
GET with the signed parameters in the query string) are pinned in requirements-dev.txt. The only thing
changed on them is their gateway address (``_gate_way`` / ``_gateway``), pointed at the sandbox; the
sandbox runs in-process on 127.0.0.1 and a receiver plays the merchant's notify endpoints
(tests/payment_sandbox.py, the set-up deposit's own provider clients are tested with).
A failure here means the sandbox drifted from the provider (or the SDK changed): fix the sandbox.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests
from alipay import AliPay
from wechatpayv3 import WeChatPay, WeChatPayType
from wechatpayv3.core import Core

from tests import payment_sandbox
from tests.payment_sandbox import (
    ALIPAY_APP_ID,
    API_V3_KEY,
    APPID,
    KEYS,
    MCHID,
    MERCHANT_SERIAL,
    PLATFORM_SERIAL,
    Receiver,
)
from tests.payment_sandbox import pem as _pem

# the shared set-up's fixtures, taken into this module (pytest finds fixtures among a module's names)
sandbox_url, receiver_server, receiver = (
    payment_sandbox.sandbox_url,
    payment_sandbox.receiver_server,
    payment_sandbox.receiver,
)

PUBLIC_KEY_ID = "PUB_KEY_ID_0119000000012026120600000000000001"


def _wechatpay(
    sandbox_url: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, **kwargs: Any
) -> WeChatPay:
    """``WeChatPay(...)`` as a merchant builds it, its gateway pointed at the sandbox.

    The constructor downloads the platform certificates (certificate mode) before one could change the
    gateway, so that step is held back during construction and then run, as the SDK's own code, against
    the sandbox.
    """
    with monkeypatch.context() as m:
        m.setattr(Core, "_init_certificates", lambda self: None)
        wxpay = WeChatPay(
            wechatpay_type=WeChatPayType.NATIVE,
            mchid=MCHID,
            private_key=_pem("wechat_merchant_private").decode(),
            cert_serial_no=MERCHANT_SERIAL,
            appid=APPID,
            apiv3_key=kwargs.pop("apiv3_key", API_V3_KEY),
            notify_url=receiver.url + "/notify/wechat",
            timeout=(5, 10),
            **kwargs,
        )
    wxpay._core._gate_way = sandbox_url
    if not wxpay._core._public_key:
        wxpay._core._init_certificates()
    return wxpay


def _serials(wxpay: WeChatPay) -> set[str]:
    return {f"{cert.serial_number:040X}" for cert in wxpay._core._certificates}


def _pay_and_receive(sandbox_url: str, receiver: Receiver, out_trade_no: str) -> tuple[dict, bytes]:
    resp = requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": out_trade_no}, timeout=5)
    assert resp.status_code == 200, resp.text
    _path, headers, body = receiver.next_call(path="/notify/wechat")
    return headers, body


def test_wechatpayv3_certificate_mode_pays_queries_and_closes(
    sandbox_url: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    wxpay = _wechatpay(sandbox_url, receiver, monkeypatch)
    assert _serials(wxpay) == {PLATFORM_SERIAL}  # downloaded and decrypted from /v3/certificates

    code, message = wxpay.pay(description="补交", out_trade_no="SDK20261206000001", amount={"total": 1})
    assert code == 200, message
    assert json.loads(message)["code_url"].startswith("weixin://wxpay/bizpayurl?pr=")

    headers, body = _pay_and_receive(sandbox_url, receiver, "SDK20261206000001")
    assert headers["Wechatpay-Signature-Type"] == "WECHATPAY2-SHA256-RSA2048"
    notification = wxpay.callback(headers, body)
    assert notification is not None, "the SDK refused the sandbox's notification"
    transaction = notification["resource"]
    assert (transaction["out_trade_no"], transaction["trade_state"]) == ("SDK20261206000001", "SUCCESS")
    assert transaction["amount"]["total"] == 1

    code, message = wxpay.query(out_trade_no="SDK20261206000001")
    assert code == 200 and json.loads(message)["trade_state"] == "SUCCESS"
    code, message = wxpay.query(transaction_id=transaction["transaction_id"])
    assert code == 200 and json.loads(message)["out_trade_no"] == "SDK20261206000001"
    code, message = wxpay.query(transaction_id="4200000000000000000000000000")
    assert code == 404 and json.loads(message)["code"] == "ORDER_NOT_EXIST"

    code, _ = wxpay.pay(description="维修资金 补交", out_trade_no="SDK20261206000002", amount={"total": 2})
    assert code == 200
    code, message = wxpay.close(out_trade_no="SDK20261206000002")
    assert code == 204, message
    code, message = wxpay.query(out_trade_no="SDK20261206000002")
    assert json.loads(message)["trade_state"] == "CLOSED"

    # a forged notification (body changed after signing) is refused by the SDK
    assert wxpay.callback(headers, body.replace(b'"id"', b'"Id"')) is None


def test_wechatpayv3_refuses_to_start_with_a_wrong_apiv3_key(
    sandbox_url: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(Exception, match="No wechatpay platform certificate"):
        _wechatpay(sandbox_url, receiver, monkeypatch, apiv3_key="X" * 32)


def test_wechatpayv3_follows_a_platform_certificate_rotation(
    sandbox_url: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    wxpay = _wechatpay(sandbox_url, receiver, monkeypatch)
    code, _ = wxpay.pay(description="维修资金 补交", out_trade_no="SDK20261206000003", amount={"total": 3})
    assert code == 200

    rotated = requests.post(f"{sandbox_url}/sandbox/wechatpay/rotate-platform-certificate", timeout=30)
    assert rotated.status_code == 200
    new_serial = rotated.json()["serial_no"]
    assert new_serial != PLATFORM_SERIAL and len(new_serial) == 40

    # the answer is signed under the new serial: the SDK downloads the list again and finds both
    code, message = wxpay.query(out_trade_no="SDK20261206000003")
    assert code == 200 and json.loads(message)["trade_state"] == "NOTPAY"
    assert _serials(wxpay) == {PLATFORM_SERIAL, new_serial}

    headers, body = _pay_and_receive(sandbox_url, receiver, "SDK20261206000003")
    assert headers["Wechatpay-Serial"] == new_serial
    notification = wxpay.callback(headers, body)
    assert notification is not None and notification["resource"]["trade_state"] == "SUCCESS"

    # a merchant started after the rotation gets both certificates, newest signing
    fresh = _wechatpay(sandbox_url, receiver, monkeypatch)
    assert _serials(fresh) == {PLATFORM_SERIAL, new_serial}


def test_wechatpayv3_public_key_mode(
    sandbox_url: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    wxpay = _wechatpay(
        sandbox_url,
        receiver,
        monkeypatch,
        public_key=(KEYS / "wechatpay-public-keys" / f"{PUBLIC_KEY_ID}.pem").read_text(),
        public_key_id=PUBLIC_KEY_ID,
    )
    assert wxpay._core._certificates == []  # public-key mode downloads nothing
    code, message = wxpay.pay(description="补交", out_trade_no="SDK20261206000004", amount={"total": 4})
    assert code == 200, message
    code, message = wxpay.query(out_trade_no="SDK20261206000004")
    assert code == 200 and json.loads(message)["trade_state"] == "NOTPAY"

    switched = requests.post(
        f"{sandbox_url}/sandbox/wechatpay/verification-scheme", json={"scheme": "public_key"}, timeout=5
    )
    assert switched.json() == {"scheme": "public_key", "serial_no": PUBLIC_KEY_ID}
    headers, body = _pay_and_receive(sandbox_url, receiver, "SDK20261206000004")
    assert headers["Wechatpay-Serial"] == PUBLIC_KEY_ID
    notification = wxpay.callback(headers, body)
    assert notification is not None and notification["resource"]["out_trade_no"] == "SDK20261206000004"


def _alipay(sandbox_url: str, receiver: Receiver) -> AliPay:
    client = AliPay(
        appid=ALIPAY_APP_ID,
        app_notify_url=receiver.url + "/notify/alipay",
        app_private_key_string=_pem("alipay_app_private").decode(),
        alipay_public_key_string=_pem("alipay_platform_public").decode(),
        sign_type="RSA2",
    )
    client._gateway = sandbox_url + "/alipay/gateway.do"
    return client


def test_python_alipay_sdk_precreates_queries_closes_and_verifies_notifications(
    sandbox_url: str, receiver: Receiver
) -> None:
    alipay = _alipay(sandbox_url, receiver)
    created = alipay.api_alipay_trade_precreate(
        subject="维修资金 补交", out_trade_no="ALI20261206000001", total_amount="12.34"
    )
    assert created["code"] == "10000" and created["qr_code"].startswith("https://qr.alipay.com/")

    resp = requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": "ALI20261206000001"}, timeout=5)
    assert resp.status_code == 200, resp.text
    _path, _headers, body = receiver.next_call(path="/notify/alipay")
    data = dict(parse_qsl(body.decode()))
    signature = data.pop("sign")
    assert alipay.verify(dict(data), signature), "the SDK refused the sandbox's notification"
    assert not alipay.verify({**data, "total_amount": "0.01"}, signature)

    queried = alipay.api_alipay_trade_query(out_trade_no="ALI20261206000001")
    assert (queried["trade_status"], queried["total_amount"]) == ("TRADE_SUCCESS", "12.34")
    by_trade_no = alipay.api_alipay_trade_query(trade_no=data["trade_no"])
    assert by_trade_no["out_trade_no"] == "ALI20261206000001"

    alipay.api_alipay_trade_precreate(subject="补交", out_trade_no="ALI20261206000002", total_amount="1.00")
    closed = alipay.api_alipay_trade_close(out_trade_no="ALI20261206000002")
    assert closed["sub_code"] == "ACQ.TRADE_NOT_EXIST"  # never scanned: no trade yet, as Alipay says
    missing = alipay.api_alipay_trade_query(out_trade_no="ALI20261206999999")
    assert missing["code"] == "40004" and missing["sub_code"] == "ACQ.TRADE_NOT_EXIST"
