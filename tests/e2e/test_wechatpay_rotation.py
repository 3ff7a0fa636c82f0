"""WeChat Pay rotates its platform certificate while the suite runs: payments go on, nothing restarts.

The running deposit processes know no platform key from configuration (development: none pinned); they
downloaded the sandbox's certificates on first use. The sandbox then rotates (a new key and serial sign
from now on, the old certificate stays listed), and zhangwei pays H2's bill by WeChat Pay: the order is
created and queried under the new serial and the notification signed under it is accepted and booked.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
import requests

from tests.e2e.helpers import ApiClient, eventually, house_id

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", autouse=True)
def fresh_demo(demo_reset: Callable[[], None]) -> Iterator[None]:
    demo_reset()
    yield
    demo_reset()


def test_payment_after_a_platform_certificate_rotation_is_booked(suite: str, sandbox_url: str) -> None:
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    bills = {b["house_id"]: b for b in api.get("/api/v1/bills", params={"status": "pending"}).json()["items"]}
    bill = bills[house_id("H2")]

    rotated = requests.post(f"{sandbox_url}/sandbox/wechatpay/rotate-platform-certificate", timeout=30)
    assert rotated.status_code == 200
    assert len(rotated.json()["serial_no"]) == 40

    created = api.send(
        "POST",
        f"/api/v1/bills/{bill['bill_id']}/orders",
        json={"channel": "WECHAT"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code == 201, created.text  # the answer was signed under the new serial
    order = created.json()
    pay = {"out_trade_no": order["out_trade_no"]}
    paid = requests.post(f"{sandbox_url}/sandbox/pay", json=pay, timeout=10)
    assert paid.status_code == 200

    def booked() -> bool:
        return api.get(f"/api/v1/orders/{order['order_id']}").json()["status"] == "PAID"

    eventually(booked, "the order paid after the rotation", timeout=20)
    view = requests.get(f"{sandbox_url}/sandbox/payments/orders/{order['out_trade_no']}", timeout=5).json()
    assert view["delivered"] and view["attempts"][-1]["ok"]
    # the first delivery was signed under the new serial and accepted (no refusal before it)
    assert [a["status"] for a in view["attempts"]][:1] in ([204], [200])
    entries = api.get(f"/api/v1/houses/{house_id('H2')}/ledger").json()["items"]
    assert len(entries) == 1 and entries[0]["amount_fen"] == bill["amount_fen"]
