"""Owners are told (F9), on the running suite: a payment through the sandbox, its receipt, a repair that
takes the balance under 30 % (LOW_BALANCE with the 续筹 bill), that bill paid by another account through
我要查询 (the owner told the payer's masked name) and a review decision each make exactly one
message of the right kind for the right account (read over the notification service's gRPC API, as the
gateway reads it) and one SMS in the sandbox's SMS gateway; the
provider's duplicate notifications make none.

The module resets the demo data before and after itself; the notification consumer and worker run with
the quiet hours switched off for it (the suite may run at any hour; the quiet hours are tested on their
own in tests/integration/test_notification_service.py).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import grpc
import pytest
import requests

from maintfund.deposit.v1 import deposit_pb2, deposit_pb2_grpc
from maintfund.notification.v1 import notification_pb2 as pb
from maintfund.notification.v1 import notification_pb2_grpc
from maintfund_dev import demo
from tests.conftest import SuiteProcesses
from tests.e2e.helpers import ApiClient, eventually, house_id

pytestmark = pytest.mark.e2e
GATEWAY = (("authorization", "Bearer dev-gateway-token"),)
BACK_OFFICE = (("authorization", "Bearer dev-backoffice-token"),)
NOTIFICATION_PROCESSES = ("notification-consumer", "notification-worker")
ZHANGWEI_PHONE, LINA_PHONE = "13800000001", "13800000002"


@pytest.fixture(scope="module", autouse=True)
def daytime_sms(suite_processes: SuiteProcesses) -> Iterator[None]:
    suite_processes.demo_reset()
    for name in NOTIFICATION_PROCESSES:  # an empty quiet window: SMS go out at once
        suite_processes.restart(name, SMS_QUIET_START="00:00", SMS_QUIET_END="00:00")
    yield
    suite_processes.demo_reset()
    suite_processes.restore(rewire=NOTIFICATION_PROCESSES)


@pytest.fixture(scope="module")
def notifications(grpc_addresses: dict[str, str]) -> Iterator[notification_pb2_grpc.NotificationServiceStub]:
    with grpc.insecure_channel(grpc_addresses["notification"]) as channel:
        yield notification_pb2_grpc.NotificationServiceStub(channel)


def messages(stub: notification_pb2_grpc.NotificationServiceStub, username: str, kind: int) -> list:
    account_id = demo.demo_id("account", username)
    page = stub.ListNotifications(
        pb.ListNotificationsRequest(account_id=account_id, limit=100), metadata=GATEWAY, timeout=5
    )
    return [n for n in page.items if n.kind == kind]


def sms(sandbox_url: str, phone: str, template: str) -> list[dict]:
    items = requests.get(f"{sandbox_url}/sandbox/sms/{phone}/messages", timeout=5).json()["items"]
    return [m for m in items if m["template"] == template]


def fund_use(house: str, share_fen: int) -> deposit_pb2.RecordFundUseRequest:
    return deposit_pb2.RecordFundUseRequest(
        project=deposit_pb2.FundProject(
            project_no=f"WX-{uuid.uuid4().hex[:12]}",
            name="2号楼外墙修缮",
            reason="外墙空鼓脱落",
            scope=deposit_pb2.PROJECT_SCOPE_BUILDING,
            scope_name="2号楼",
            total_cost_fen=share_fen,
            households=1,
            share_basis=deposit_pb2.SHARE_BASIS_BY_AREA,
            approved_on="2026-11-01",
            documents=[deposit_pb2.ProjectDocument(kind="QUOTE", title="报价单", reference="Q-1")],
        ),
        shares=[
            deposit_pb2.ProjectShare(
                house_id=house, amount_fen=share_fen, business_no=f"FT{uuid.uuid4().hex[:14]}"
            )
        ],
    )


def test_a_payment_its_receipt_and_a_repair_each_tell_the_owner_once(
    suite: str,
    sandbox_url: str,
    grpc_addresses: dict[str, str],
    notifications: notification_pb2_grpc.NotificationServiceStub,
) -> None:
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    bills = {b["house_id"]: b for b in api.get("/api/v1/bills", params={"status": "pending"}).json()["items"]}
    h2 = bills[house_id("H2")]
    created = api.send("POST", f"/api/v1/bills/{h2['bill_id']}/orders", json={"channel": "WECHAT"})
    assert created.status_code == 201, created.text
    order = created.json()
    assert requests.post(
        f"{sandbox_url}/sandbox/pay", json={"out_trade_no": order["out_trade_no"]}, timeout=10
    )
    for _ in range(5):  # the provider's notification delivered again and again
        requests.post(
            f"{sandbox_url}/sandbox/payments/renotify",
            json={"out_trade_no": order["out_trade_no"]},
            timeout=10,
        )

    posted = eventually(
        lambda: messages(notifications, "zhangwei", pb.NOTIFICATION_KIND_DEPOSIT_POSTED),
        "zhangwei's DEPOSIT_POSTED message",
        timeout=30,
    )
    eventually(
        lambda: sms(sandbox_url, ZHANGWEI_PHONE, "SMS_MF_DEPOSIT_POSTED"), "zhangwei's SMS", timeout=30
    )
    time.sleep(3)  # the duplicate notifications have had their chance to make a second one
    (posted,) = messages(notifications, "zhangwei", pb.NOTIFICATION_KIND_DEPOSIT_POSTED)
    assert posted.link == f"/houses/{house_id('H2')}/ledger" and "7,620.00元" in posted.body
    assert demo.ZHANG_WEI.name not in posted.body and not posted.read
    (text,) = sms(sandbox_url, ZHANGWEI_PHONE, "SMS_MF_DEPOSIT_POSTED")
    assert text["params"]["amount"] == "7620.00" and "7620.00元" in text["text"]
    assert demo.ZHANG_WEI.name not in text["text"] and demo.ZHANG_WEI.id_number not in text["text"]
    # lina is bound to none of H2: nothing for her
    assert messages(notifications, "lina", pb.NOTIFICATION_KIND_DEPOSIT_POSTED) == []

    deposit_id = eventually(
        lambda: api.get(f"/api/v1/orders/{order['order_id']}").json().get("deposit_id"), "the deposit"
    )
    requested = eventually(  # 404 until the invoice service has the deposit (it asks, but may be slower)
        lambda: (
            (r := api.send("POST", "/api/v1/invoices", json={"deposit_id": deposit_id})).status_code != 404
            and r
        ),
        "the receipt request",
    )
    assert requested.status_code == 202, requested.text
    issued = eventually(
        lambda: messages(notifications, "zhangwei", pb.NOTIFICATION_KIND_RECEIPT_ISSUED),
        "zhangwei's RECEIPT_ISSUED message",
        timeout=30,
    )
    assert len(issued) == 1 and issued[0].link == f"/deposits/{deposit_id}/receipt"
    eventually(
        lambda: sms(sandbox_url, ZHANGWEI_PHONE, "SMS_MF_RECEIPT_ISSUED"), "the receipt SMS", timeout=30
    )

    # the back office records a repair that takes H2 under 30 % of its first deposit: the share is told,
    # and so is the low balance, with the 续筹 bill the deposit service raised for it
    with grpc.insecure_channel(grpc_addresses["deposit"]) as channel:
        deposit_pb2_grpc.DepositServiceStub(channel).RecordFundUse(
            fund_use(house_id("H2"), 600_000), metadata=BACK_OFFICE, timeout=10
        )
    (share,) = eventually(
        lambda: messages(notifications, "zhangwei", pb.NOTIFICATION_KIND_APPORTIONMENT_POSTED),
        "the apportionment message",
        timeout=30,
    )
    assert "6,000.00元" in share.body and share.link == f"/houses/{house_id('H2')}/projects"
    (low,) = eventually(
        lambda: messages(notifications, "zhangwei", pb.NOTIFICATION_KIND_LOW_BALANCE),
        "LOW_BALANCE",
        timeout=30,
    )
    bills = api.get("/api/v1/bills", params={"status": "pending"}).json()["items"]
    (replenish,) = [b for b in bills if b["house_id"] == house_id("H2")]
    assert replenish["payment_type"] == "REPLENISHMENT" and low.link == f"/bills/{replenish['bill_id']}"
    assert "1,620.00元" in low.body

    count = notifications.CountUnread(
        pb.CountUnreadRequest(account_id=demo.demo_id("account", "zhangwei")), metadata=GATEWAY, timeout=5
    ).count
    assert count >= 4

    # lina, bound to none of H2, pays its 续筹 bill found through 我要查询: zhangwei is told who paid,
    # masked as identity masks it (李*), and lina that her payment was booked
    lina = ApiClient(suite)
    assert lina.login("lina").status_code == 200
    found = lina.send(
        "POST",
        "/api/v1/house-queries",
        json={"by": "contract", "contract_no": demo.H2.contract_no, "house_type": "商品房"},
    )
    assert found.status_code == 200 and found.json()["notices"] == ["NOT_OWNER"], found.text
    (bill,) = [b for b in found.json()["bills"] if b["bill_id"] == replenish["bill_id"]]
    paid = lina.send(
        "POST",
        f"/api/v1/bills/{bill['bill_id']}/orders",
        json={"channel": "WECHAT", "grant": found.json()["grant"], "amount_fen": bill["min_fen"]},
    )
    assert paid.status_code == 201, paid.text
    assert requests.post(
        f"{sandbox_url}/sandbox/pay", json={"out_trade_no": paid.json()["out_trade_no"]}, timeout=10
    )
    told = eventually(
        lambda: [
            m
            for m in messages(notifications, "zhangwei", pb.NOTIFICATION_KIND_DEPOSIT_POSTED)
            if "代为交存" in m.body
        ],
        "zhangwei told of lina's payment",
        timeout=30,
    )
    fen = bill["min_fen"]
    amount = f"{fen // 100:,}.{fen % 100:02d}元"
    assert len(told) == 1 and told[0].body.endswith(f"已入账{amount}（由李*代为交存）。")
    assert demo.LI_NA.name not in told[0].body and demo.LI_NA.id_number not in told[0].body
    by_lina = eventually(
        lambda: [
            m
            for m in sms(sandbox_url, ZHANGWEI_PHONE, "SMS_MF_DEPOSIT_POSTED")
            if m["params"]["payer"] != "本人交存"
        ],
        "zhangwei's SMS of lina's payment",
        timeout=30,
    )
    assert [m["params"]["payer"] for m in by_lina] == ["李*代交"]
    assert demo.LI_NA.name not in by_lina[0]["text"]
    (booked,) = eventually(
        lambda: messages(notifications, "lina", pb.NOTIFICATION_KIND_DEPOSIT_POSTED), "lina's message"
    )
    assert booked.title == "代交款项已入账" and "李*" not in booked.body


def test_a_review_decision_tells_the_applicant_with_the_reason(
    suite: str, sandbox_url: str, notifications: notification_pb2_grpc.NotificationServiceStub
) -> None:
    lina = ApiClient(suite)
    assert lina.login("lina").status_code == 200
    pending = lina.send(
        "POST",
        "/api/v1/registrations",
        json={
            "method": "contract",
            "contract_no": "Y2024000456",
            "house_type": "商品房",
            "district": "110105",
            "phone": LINA_PHONE,
        },
    )
    assert pending.status_code == 201 and pending.json()["status"] == "PENDING_REVIEW", pending.text
    reviewer = ApiClient(suite)
    assert reviewer.login("reviewer_chaoyang").status_code == 200
    decided = reviewer.send(
        "POST",
        f"/api/v1/admin/registrations/{pending.json()['registration_id']}/decision",
        json={"approve": False, "reason": "非该房屋产权人"},
    )
    assert decided.status_code == 200, decided.text

    (told,) = eventually(
        lambda: messages(notifications, "lina", pb.NOTIFICATION_KIND_REGISTRATION_DECIDED),
        "lina's REGISTRATION_DECIDED message",
        timeout=30,
    )
    assert (
        told.title == "个人造册申请未通过" and "非该房屋产权人" in told.body and told.link == "/registrations"
    )
    (text,) = eventually(
        lambda: sms(sandbox_url, LINA_PHONE, "SMS_MF_REGISTRATION_DECIDED"), "lina's SMS", timeout=30
    )
    assert text["params"] == {"result": "未通过"}
    # the reviewer is told nothing, and zhangwei (owner of the house) is not told of lina's application
    assert messages(notifications, "zhangwei", pb.NOTIFICATION_KIND_REGISTRATION_DECIDED) == []
