"""F5 我要交款, F6 我要查询, F7 我的交存记录 through the running gateway and the sandbox providers.

These tests pay zhangwei's demo bills: the module resets the demo data before and after itself so the
rest of the shared e2e session sees DESIGN §4.4's initial state.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from maintfund_dev import demo
from tests.e2e.helpers import ApiClient, house_id

pytestmark = pytest.mark.e2e
KEYS = Path(__file__).resolve().parents[2] / "sandbox" / "keys"
API_V3_KEY = b"SandboxApiV3Key0123456789abcdefg"
PLATFORM_SERIAL = "7132D72A03E93CDDF8C03BBD1F37EEDF00000001"


@pytest.fixture(scope="module", autouse=True)
def fresh_demo(demo_reset: Callable[[], None]) -> Iterator[None]:
    demo_reset()
    yield
    demo_reset()


def wait_for(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def ledger(api: ApiClient, key: str) -> list[dict]:
    return api.get(f"/api/v1/houses/{house_id(key)}/ledger", params={"limit": 100}).json()["items"]


def pending(api: ApiClient) -> dict[str, dict]:
    return {b["house_id"]: b for b in api.get("/api/v1/bills", params={"status": "pending"}).json()["items"]}


def zhangwei(suite: str) -> ApiClient:
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    return api


def test_fixed_bill_paid_by_wechat_posts_exactly_once(suite: str, sandbox_url: str) -> None:
    api = zhangwei(suite)
    bills = pending(api)
    h2 = bills[house_id("H2")]
    assert (
        h2["amount_rule"] == "FIXED" and h2["amount_fen"] == 762_000 and h2["payment_type"] == "FIRST_DEPOSIT"
    )
    assert bills[house_id("H1")]["amount_rule"] == "ENTERED"
    assert ledger(api, "H2") == []

    key = str(uuid.uuid4())
    path = f"/api/v1/bills/{h2['bill_id']}/orders"
    created = api.send("POST", path, json={"channel": "WECHAT"}, headers={"Idempotency-Key": key})
    assert created.status_code == 201, created.text
    order = created.json()
    assert len(order["out_trade_no"]) <= 32 and order["qr_content"].startswith("weixin://")
    assert order["status"] == "PENDING" and order["amount_fen"] == 762_000
    replay = api.send("POST", path, json={"channel": "WECHAT"}, headers={"Idempotency-Key": key})
    assert replay.status_code == 201 and replay.json()["order_id"] == order["order_id"]
    assert replay.headers.get("Idempotent-Replayed") == "true"
    other = api.send("POST", path, json={"channel": "ALIPAY"}, headers={"Idempotency-Key": key})
    assert other.status_code == 422 and other.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    # no key: the unexpired order for the same bill, channel and amount is reused
    again = api.send("POST", path, json={"channel": "WECHAT"})
    assert again.json()["order_id"] == order["order_id"]

    paid = requests.post(
        f"{sandbox_url}/sandbox/pay", json={"out_trade_no": order["out_trade_no"]}, timeout=10
    )
    assert paid.status_code == 200
    wait_for(lambda: api.get(f"/api/v1/orders/{order['order_id']}").json()["status"] == "PAID")
    for _ in range(10):  # the same notification delivered ten more times
        requests.post(
            f"{sandbox_url}/sandbox/payments/renotify",
            json={"out_trade_no": order["out_trade_no"]},
            timeout=10,
        )

    def delivered_all() -> bool:
        view = requests.get(
            f"{sandbox_url}/sandbox/payments/orders/{order['out_trade_no']}", timeout=5
        ).json()
        return sum(1 for a in view["attempts"] if a["ok"]) >= 11

    wait_for(delivered_all)
    entries = ledger(api, "H2")
    assert len(entries) == 1
    assert entries[0]["kind"] == "FIRST_DEPOSIT" and entries[0]["amount_fen"] == 762_000
    assert entries[0]["business_no"] == h2["business_no"]
    assert house_id("H2") not in pending(api)
    final = api.get(f"/api/v1/orders/{order['order_id']}").json()
    records = api.get("/api/v1/deposit-records").json()["items"]
    mine = [r for r in records if r["deposit_id"] == final["deposit_id"]]
    assert len(mine) == 1 and mine[0]["channel"] == "WECHAT" and mine[0]["amount_fen"] == 762_000
    assert mine[0]["receipt"]["kind"] in ("NONE", "ELECTRONIC")
    # a paid bill takes no further order
    late = api.send("POST", path, json={"channel": "ALIPAY"})
    assert late.status_code == 409 and late.json()["code"] == "BILL_ALREADY_PAID"


def test_entered_bill_paid_by_alipay_with_concurrent_confirmations(suite: str, sandbox_url: str) -> None:
    api = zhangwei(suite)
    h1 = pending(api)[house_id("H1")]
    before = len(ledger(api, "H1"))
    path = f"/api/v1/bills/{h1['bill_id']}/orders"
    for amount in (h1["min_fen"] - 1, h1["max_fen"] + 1):
        refused = api.send("POST", path, json={"channel": "ALIPAY", "amount_fen": amount})
        assert refused.status_code == 400 and refused.json()["code"] == "AMOUNT_OUT_OF_RANGE"
    missing = api.send("POST", path, json={"channel": "ALIPAY"})
    assert missing.status_code == 400 and missing.json()["code"] == "AMOUNT_REQUIRED"
    amount = h1["min_fen"] + 12_345
    order = api.send("POST", path, json={"channel": "ALIPAY", "amount_fen": amount}).json()
    assert order["qr_content"].startswith("https://qr.alipay.com/")
    # not scanned yet: 已支付 asks Alipay, which says ACQ.TRADE_NOT_EXIST: still pending, not failed
    assert api.send("POST", f"/api/v1/orders/{order['order_id']}/confirm").json()["status"] == "PENDING"

    requests.post(f"{sandbox_url}/sandbox/payments/notify-mode", json={"mode": "drop"}, timeout=5)
    try:
        requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": order["out_trade_no"]}, timeout=10)
        results: list[dict] = []

        def confirm() -> None:
            results.append(api.send("POST", f"/api/v1/orders/{order['order_id']}/confirm").json())

        threads = [threading.Thread(target=confirm) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        requests.post(f"{sandbox_url}/sandbox/payments/notify-mode", json={"mode": "normal"}, timeout=5)
    assert [r["status"] for r in results] == ["PAID", "PAID"]
    assert results[0]["deposit_id"] == results[1]["deposit_id"]
    for _ in range(10):  # the notification arrives late, ten times, with the same notify_id
        requests.post(
            f"{sandbox_url}/sandbox/payments/renotify",
            json={"out_trade_no": order["out_trade_no"]},
            timeout=10,
        )
    time.sleep(2)
    entries = ledger(api, "H1")
    assert len(entries) == before + 1
    assert entries[0]["kind"] == "REPLENISHMENT" and entries[0]["amount_fen"] == amount
    assert house_id("H1") not in pending(api)
    records = api.get("/api/v1/deposit-records").json()["items"]
    assert any(r["channel"] == "ALIPAY" and r["amount_fen"] == amount for r in records)


def test_unknown_and_foreign_bills_are_404_and_create_nothing(suite: str) -> None:
    api = zhangwei(suite)
    unknown = api.send("POST", f"/api/v1/bills/{uuid.uuid4()}/orders", json={"channel": "WECHAT"})
    assert unknown.status_code == 404
    lina = ApiClient(suite)
    lina.login("lina")
    h2_bill = demo.demo_id("bill", "SW202611210032")
    foreign = lina.send("POST", f"/api/v1/bills/{h2_bill}/orders", json={"channel": "WECHAT"})
    assert foreign.status_code == 404 and foreign.json() == unknown.json()
    assert lina.get(f"/api/v1/bills/{h2_bill}").status_code == 404
    assert lina.get("/api/v1/bills").json()["items"] == []
    # 刘洋's bill is not zhangwei's until he looks the house up through 我要查询
    liu_bill = demo.demo_id("bill", "SW202611220045")
    assert api.get(f"/api/v1/bills/{liu_bill}").status_code == 404


def test_the_four_query_cases(suite: str) -> None:
    api = zhangwei(suite)
    refund = api.send(
        "POST", "/api/v1/house-queries", json={"by": "address", "address": demo.REFUND_HOUSE.address}
    )
    assert refund.status_code == 200
    assert refund.json()["notices"] == ["REFUND_REQUIRED"] and refund.json()["can_pay"] is False
    public = api.send(
        "POST", "/api/v1/house-queries", json={"by": "address", "address": demo.PUBLIC_HOUSE.address}
    )
    assert public.json()["notices"] == ["UNIT_MUST_PAY"] and public.json()["can_pay"] is False
    public_bill = public.json()["bills"][0]["bill_id"]
    assert public.json()["bills"][0]["can_pay"] is False
    refused = api.send(
        "POST",
        f"/api/v1/bills/{public_bill}/orders",
        json={"channel": "WECHAT", "grant": public.json()["grant"]},
    )
    assert refused.status_code == 409 and refused.json()["code"] == "UNIT_MUST_PAY"

    liu = api.send(
        "POST", "/api/v1/house-queries", json={"by": "certificate", "cert_no": demo.LIU_YANG_HOUSE.cert_no}
    )
    body = liu.json()
    assert body["notices"] == ["NOT_OWNER"] and body["can_pay"] is True
    assert "刘" not in json.dumps(body, ensure_ascii=False) and "110106" not in json.dumps(body)
    assert set(body["house"]) >= {"house_id", "address", "area_m2", "property_kind"}
    grant = body["grant"]
    bill_id = body["bills"][0]["bill_id"]
    # the grant is the right to pay: without it, or with another account's, the same 404 as a missing bill
    assert api.get(f"/api/v1/bills/{bill_id}").status_code == 404
    lina = ApiClient(suite)
    assert lina.login("lina").status_code == 200
    assert lina.get(f"/api/v1/bills/{bill_id}", params={"grant": grant}).status_code == 404
    stolen = lina.send("POST", f"/api/v1/bills/{bill_id}/orders", json={"channel": "WECHAT", "grant": grant})
    assert stolen.status_code == 404 and stolen.json() == api.get("/api/v1/bills/no-such-bill").json()
    bill = api.get(f"/api/v1/bills/{bill_id}", params={"grant": grant}).json()
    assert bill["notices"] == ["NOT_OWNER"] and bill["can_pay"] is True
    order = api.send("POST", f"/api/v1/bills/{bill_id}/orders", json={"channel": "WECHAT", "grant": grant})
    assert order.status_code == 201
    # and the fund details of the house it found, with the same grant
    ledger = api.get(f"/api/v1/houses/{body['house']['house_id']}/ledger", params={"grant": grant})
    assert ledger.status_code == 200
    assert api.get(f"/api/v1/houses/{body['house']['house_id']}/ledger").status_code == 404

    missing = api.send(
        "POST",
        "/api/v1/house-queries",
        json={"by": "certificate", "cert_no": "京(2024)海淀区不动产权第0999999号"},
    )
    assert missing.status_code == 404 and missing.json()["code"] == "HOUSE_NOT_FOUND"
    assert "添加房屋" in missing.json()["detail"]
    own = api.send(
        "POST",
        "/api/v1/house-queries",
        json={"by": "contract", "contract_no": "y2026000778", "house_type": "商品房"},
    )
    assert own.status_code == 200 and own.json()["notices"] == []


# --- forged, tampered and replayed notifications ------------------------------------------------------


def _platform_key():
    return serialization.load_pem_private_key((KEYS / "wechat_platform_private.pem").read_bytes(), None)


def wechat_notification(out_trade_no: str, amount_fen: int, *, key=None, timestamp: int | None = None):
    tx = {
        "appid": "wx8888888888888888",
        "mchid": "1900000001",
        "out_trade_no": out_trade_no,
        "transaction_id": "4200" + secrets.token_hex(8),
        "trade_type": "NATIVE",
        "trade_state": "SUCCESS",
        "success_time": "2026-11-27T10:00:00+08:00",
        "amount": {"total": amount_fen, "currency": "CNY"},
    }
    nonce12 = secrets.token_hex(6)
    cipher = AESGCM(API_V3_KEY).encrypt(nonce12.encode(), json.dumps(tx).encode(), b"transaction")
    body = json.dumps(
        {
            "id": "EV-" + secrets.token_hex(8),
            "event_type": "TRANSACTION.SUCCESS",
            "resource_type": "encrypt-resource",
            "resource": {
                "original_type": "transaction",
                "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": base64.b64encode(cipher).decode(),
                "associated_data": "transaction",
                "nonce": nonce12,
            },
        }
    ).encode()
    ts, nonce = str(timestamp or int(time.time())), secrets.token_hex(16)
    signer = key or _platform_key()
    signature = base64.b64encode(
        signer.sign(f"{ts}\n{nonce}\n".encode() + body + b"\n", padding.PKCS1v15(), hashes.SHA256())
    ).decode()
    headers = {
        "Content-Type": "application/json",
        "Wechatpay-Timestamp": ts,
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Signature": signature,
        "Wechatpay-Serial": PLATFORM_SERIAL,
    }
    return headers, body


def test_forged_tampered_and_replayed_notifications(suite: str) -> None:
    api = zhangwei(suite)
    liu = api.send(
        "POST", "/api/v1/house-queries", json={"by": "certificate", "cert_no": demo.LIU_YANG_HOUSE.cert_no}
    )
    bill = liu.json()["bills"][0]
    pay_body = {"channel": "WECHAT", "grant": liu.json()["grant"]}
    order = api.send("POST", f"/api/v1/bills/{bill['bill_id']}/orders", json=pay_body).json()
    notify = f"{suite}/api/v1/payments/notify/wechat"
    entries_before = len(
        api.get(f"/api/v1/houses/{house_id('H1')}/ledger").json()["items"]
    )  # unrelated house

    forger = serialization.load_pem_private_key((KEYS / "wechat_merchant_private.pem").read_bytes(), None)
    headers, body = wechat_notification(order["out_trade_no"], order["amount_fen"], key=forger)
    forged = requests.post(notify, data=body, headers=headers, timeout=10)
    # the sender's fault, answered with the protocol's FAIL (WeChat Pay retries): not a server error
    assert forged.status_code == 401 and forged.json()["code"] == "FAIL"
    headers, body = wechat_notification(
        order["out_trade_no"], order["amount_fen"], timestamp=int(time.time()) - 3600
    )
    stale = requests.post(notify, data=body, headers=headers, timeout=10)
    assert stale.status_code == 401
    headers, body = wechat_notification(order["out_trade_no"], order["amount_fen"])
    tampered = body.replace(b'"original_type": "transaction"', b'"original_type": "transaction" ')
    assert requests.post(notify, data=tampered, headers=headers, timeout=10).status_code == 401
    assert api.get(f"/api/v1/orders/{order['order_id']}").json()["status"] == "PENDING"

    # correctly signed, but for another amount: SUSPECT for a person, never PAID, nothing posted
    headers, body = wechat_notification(order["out_trade_no"], order["amount_fen"] + 1)
    changed = requests.post(notify, data=body, headers=headers, timeout=10)
    assert changed.status_code == 204
    state = api.get(f"/api/v1/orders/{order['order_id']}").json()
    assert state["status"] == "SUSPECT" and state["deposit_id"] is None
    replayed = requests.post(notify, data=body, headers=headers, timeout=10)
    assert replayed.status_code == 401  # the same nonce again
    assert len(api.get(f"/api/v1/houses/{house_id('H1')}/ledger").json()["items"]) == entries_before
    assert bill["bill_id"] in {
        b["bill_id"]
        for b in api.send(
            "POST",
            "/api/v1/house-queries",
            json={"by": "certificate", "cert_no": demo.LIU_YANG_HOUSE.cert_no},
        ).json()["bills"]
    }


def test_notify_routes_need_no_session_or_csrf(suite: str) -> None:
    response = requests.post(f"{suite}/api/v1/payments/notify/alipay", data=b"a=b", timeout=10)
    assert response.status_code == 200 and response.text == "failure"
