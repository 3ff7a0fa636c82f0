"""The audit trail through the running suite: log in, look up another person's house, pay it, confirm,
request a receipt; each step leaves exactly one row, with the request id the client sent and the client's
address, in the audit_log of the service that did the work.

The module runs just before test_pay_f5_f6_f7 (file order), whose fixture resets the demo data this
test changes (it pays 刘洋's pending bill); it needs that bill still pending, as the demo seeds it.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from maintfund_dev import demo
from tests.conftest import DB_PREFIX, PG_BASE
from tests.e2e.helpers import ApiClient

pytestmark = pytest.mark.e2e


def _rows(service: str, **where: str) -> list[Any]:
    engine = create_engine(f"{PG_BASE}/{DB_PREFIX}e2e_{service}")
    clause = " AND ".join(f"{column} = :{column}" for column in where)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(f"SELECT * FROM audit_log WHERE {clause} ORDER BY id"), where))
    finally:
        engine.dispose()


def _one(service: str, rid: str) -> Any:
    rows = _rows(service, request_id=rid)
    assert len(rows) == 1, (service, rows)
    assert rows[0].source_ip == "127.0.0.1"
    return rows[0]


def _rid() -> str:
    return uuid.uuid4().hex


def _wait(check: Any, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_each_audited_step_leaves_one_row_in_its_service(suite: str, sandbox_url: str) -> None:
    api = ApiClient(suite)
    failed, ok = _rid(), _rid()
    session = f"{suite}/api/v1/session"
    wrong = {"username": "zhangwei", "password": "Wrong@2026"}
    assert api.http.post(session, json=wrong, headers={"X-Request-Id": failed}, timeout=10).status_code == 401
    right = {"username": "zhangwei", "password": demo.DEMO_PASSWORD}
    logged_in = api.http.post(session, json=right, headers={"X-Request-Id": ok}, timeout=10)
    assert logged_in.status_code == 200
    api.csrf = logged_in.json()["csrf_token"]
    account_id = demo.demo_id("account", "zhangwei")
    assert (_one("identity", failed).outcome, _one("identity", ok).outcome) == ("FAILED", "OK")
    assert _one("identity", ok).actor_id == account_id

    query = _rid()
    liu = api.send(
        "POST",
        "/api/v1/house-queries",
        json={"by": "certificate", "cert_no": demo.LIU_YANG_HOUSE.cert_no},
        headers={"X-Request-Id": query},
    ).json()
    viewed = _one("registry", query)
    assert (viewed.actor_id, viewed.action, viewed.target) == (
        account_id,
        "VIEW_OTHERS_HOUSE",
        liu["house"]["house_id"],
    )

    pay = _rid()
    order = api.send(
        "POST",
        f"/api/v1/bills/{liu['bills'][0]['bill_id']}/orders",
        json={"channel": "WECHAT", "grant": liu["grant"]},
        headers={"X-Request-Id": pay},
    ).json()
    created = _one("deposit", pay)
    assert (created.actor_id, created.action, created.target, created.outcome) == (
        account_id,
        "PAYMENT_ORDER_CREATE",
        order["order_id"],
        "CREATED",
    )
    requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": order["out_trade_no"]}, timeout=10)
    notified = _wait(lambda: _rows("deposit", target=order["order_id"], action="PAYMENT_NOTIFY"))
    assert [(r.actor_role, r.outcome) for r in notified] == [("PROVIDER", "PAID")]

    confirm = _rid()
    api.send("POST", f"/api/v1/orders/{order['order_id']}/confirm", headers={"X-Request-Id": confirm})
    assert _one("deposit", confirm).outcome == "PAID"

    deposit_id = _wait(
        lambda: next(
            (
                r["deposit_id"]
                for r in api.get("/api/v1/deposit-records").json()["items"]
                if r["house_id"] == liu["house"]["house_id"]
            ),
            None,
        )
    )

    def request_receipt() -> str | None:
        rid = _rid()
        response = api.send(
            "POST", "/api/v1/invoices", json={"deposit_id": deposit_id}, headers={"X-Request-Id": rid}
        )
        return rid if response.status_code == 202 else None  # 404 until DepositPaid has reached invoice

    receipt = _wait(request_receipt)
    requested = _one("invoice", receipt)
    assert (requested.actor_id, requested.action, requested.outcome) == (
        account_id,
        "RECEIPT_REQUEST",
        "CREATED",
    )
