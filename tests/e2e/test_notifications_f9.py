"""F9 消息 through the running gateway, on the notification service fed by the suite's events.

- a payment through the sandbox tells the owner once (DEPOSIT_POSTED), however often the provider
  notifies; the unread count goes 1 → read → 0, and opening it from the page goes where it leads;
- someone else's message id is a 404 with the same body as a missing one, and changes nothing;
- the SMS choices round-trip; a kind that does not exist is 422 and changes nothing;
- a 管理部 decision tells lina (REGISTRATION_DECIDED, with the reviewer's reason), once;
- one owner read is one gRPC call (DESIGN §2, §7), counted on the gateway's own client metrics: the 消息 page
  and its list get the unread count with the messages, a read mark brings the count after it, and the home
  page asks for the count only when the session has none from the last minute.

The module pays and registers on the demo data: it resets the demo data before and after itself.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import requests

from maintfund_dev import demo
from tests.e2e.helpers import ApiClient, eventually, house_id

pytestmark = pytest.mark.e2e
EVENT_TIMEOUT = 20  # the event's way: outbox → relay → broker → the notification consumer


@pytest.fixture(scope="module", autouse=True)
def fresh_demo(demo_reset: Callable[[], None]) -> Iterator[None]:
    demo_reset()
    yield
    demo_reset()


def logged_in(suite: str, username: str) -> ApiClient:
    api = ApiClient(suite)
    assert api.login(username).status_code == 200
    return api


def messages(api: ApiClient, **params: Any) -> list[dict[str, Any]]:
    """Every message of the account, newest first, page by page."""
    found: list[dict[str, Any]] = []
    cursor = ""
    while True:
        answer = api.get("/api/v1/notifications", params={"limit": 50, "cursor": cursor, **params})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        found += page["items"]
        if not page["next_cursor"]:
            return found
        cursor = page["next_cursor"]


def unread(api: ApiClient) -> int:
    answer = api.get("/api/v1/notifications/unread-count")
    assert answer.status_code == 200, answer.text
    return answer.json()["count"]


def gateway_calls(suite: str) -> Counter[str]:
    """The gRPC calls the gateway has made so far, by method (its client counter, over all its workers)."""
    calls: Counter[str] = Counter()
    for line in requests.get(f"{suite}/metrics", timeout=10).text.splitlines():
        if line.startswith("maintfund_grpc_client_handled_total{"):
            method = re.search(r'method="([^"]+)"', line)
            assert method, line
            calls[method.group(1)] += round(float(line.rsplit(" ", 1)[1]))
    return calls


def calls_during(suite: str, request: Callable[[], requests.Response]) -> tuple[requests.Response, dict]:
    """The answer to ``request`` and the gRPC calls the gateway made for it (this module's requests are
    the gateway's only ones while it runs)."""
    before = gateway_calls(suite)
    answer = request()
    assert answer.status_code in (200, 204, 303), answer.text
    after = gateway_calls(suite)
    return answer, {m: n - before[m] for m, n in after.items() if n != before[m]}


def reject_registrations(suite: str, lina: ApiClient, times: int) -> None:
    """lina applies for the register's other 朝阳区 house ``times`` times and reviewer_chaoyang rejects
    each: every decision tells her once (REGISTRATION_DECIDED)."""
    reviewer = logged_in(suite, "reviewer_chaoyang")
    body = {
        "method": "contract",
        "contract_no": demo.OTHER_CHAOYANG.contract_no,
        "house_type": "商品房",
        "district": "110105",
        "phone": "13800000002",
    }
    for i in range(times):
        submitted = lina.send("POST", "/api/v1/registrations", json=body)
        assert submitted.status_code == 201, submitted.text
        decided = reviewer.send(
            "POST",
            f"/api/v1/admin/registrations/{submitted.json()['registration_id']}/decision",
            json={"approve": False, "reason": f"材料不全（第{i + 1}次）"},
        )
        assert decided.status_code == 200, decided.text


def pay_h2(api: ApiClient, sandbox_url: str) -> dict[str, Any]:
    """zhangwei pays H2's 首次交存 bill by WeChat Pay in the sandbox; answers the paid order."""
    bills = {b["house_id"]: b for b in api.get("/api/v1/bills", params={"status": "pending"}).json()["items"]}
    bill = bills[house_id("H2")]
    created = api.send(
        "POST",
        f"/api/v1/bills/{bill['bill_id']}/orders",
        json={"channel": "WECHAT"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code == 201, created.text
    order = created.json()
    paid = requests.post(
        f"{sandbox_url}/sandbox/pay", json={"out_trade_no": order["out_trade_no"]}, timeout=10
    )
    assert paid.status_code == 200, paid.text
    return eventually(
        lambda: (o := api.get(f"/api/v1/orders/{order['order_id']}").json())["status"] == "PAID" and o,
        "the order PAID",
        timeout=EVENT_TIMEOUT,
    )


@pytest.fixture(scope="module")
def payment(suite: str, sandbox_url: str) -> dict[str, Any]:
    """zhangwei, every message read, pays H2; the provider notifies the payment four times over."""
    owner = logged_in(suite, "zhangwei")
    assert owner.send("POST", "/api/v1/notifications/read-all").status_code == 204
    assert unread(owner) == 0
    before = {m["notification_id"] for m in messages(owner)}
    order = pay_h2(owner, sandbox_url)
    for _ in range(3):  # the provider notifies the same payment again: no second message
        requests.post(
            f"{sandbox_url}/sandbox/payments/renotify",
            json={"out_trade_no": order["out_trade_no"]},
            timeout=10,
        )

    def new_messages() -> list[dict[str, Any]]:
        return [m for m in messages(owner) if m["notification_id"] not in before]

    fresh = eventually(new_messages, "a message about the payment", timeout=EVENT_TIMEOUT)
    return {"owner": owner, "order": order, "fresh": fresh, "new_messages": new_messages}


def test_a_payment_tells_the_owner_once_and_reading_it_clears_the_count(
    payment: dict[str, Any], sandbox_url: str
) -> None:
    owner, order, fresh, new_messages = (payment[k] for k in ("owner", "order", "fresh", "new_messages"))
    assert [m["kind"] for m in fresh] == ["DEPOSIT_POSTED"], fresh
    message = fresh[0]
    assert message["read"] is False and message["title"] and message["body"]
    assert "7,620" in message["body"] or "7620" in message["body"], message["body"]  # ¥7,620.00, in yuan
    assert datetime.fromisoformat(message["created_at"].replace("Z", "+00:00")).tzinfo is not None
    assert message["link"] is None or message["link"].startswith("/")
    assert set(message) == {"notification_id", "kind", "title", "body", "link", "created_at", "read"}
    assert demo.ZHANG_WEI.id_number not in message["body"] and demo.ZHANG_WEI.name not in message["body"]
    assert unread(owner) == 1

    # the provider's repeated notifications (all delivered by now) brought nothing more
    def delivered() -> bool:
        view = requests.get(f"{sandbox_url}/sandbox/payments/orders/{order['out_trade_no']}", timeout=5)
        return sum(1 for a in view.json()["attempts"] if a["ok"]) >= 4

    eventually(delivered, "the provider's four notifications delivered", timeout=EVENT_TIMEOUT)
    time.sleep(1)  # and what they might have caused has had time to reach the consumer
    assert len(new_messages()) == 1

    first = owner.get("/api/v1/notifications", params={"limit": 1}).json()
    assert [m["notification_id"] for m in first["items"]] == [message["notification_id"]]  # newest first

    assert owner.send("POST", f"/api/v1/notifications/{message['notification_id']}/read").status_code == 204
    assert unread(owner) == 0
    assert owner.send("POST", f"/api/v1/notifications/{message['notification_id']}/read").status_code == 204
    assert unread(owner) == 0  # idempotent
    assert next(m for m in messages(owner) if m["notification_id"] == message["notification_id"])["read"]


def test_someone_elses_message_is_a_404_like_a_missing_one(suite: str, payment: dict[str, Any]) -> None:
    owner = logged_in(suite, "zhangwei")
    mine = messages(owner)
    target = mine[0]["notification_id"]
    was_read = mine[0]["read"]

    lina = logged_in(suite, "lina")
    assert target not in {m["notification_id"] for m in messages(lina)}
    theirs = lina.send("POST", f"/api/v1/notifications/{target}/read")
    missing = lina.send("POST", f"/api/v1/notifications/{uuid.uuid4()}/read")
    malformed = lina.send("POST", "/api/v1/notifications/not-a-message-id/read")
    assert theirs.status_code == missing.status_code == malformed.status_code == 404
    assert theirs.headers["Content-Type"] == missing.headers["Content-Type"] == "application/problem+json"
    assert theirs.json() == missing.json() == malformed.json()
    assert theirs.json()["code"] == "NOT_FOUND"
    # and nothing changed on the owner's side
    assert next(m for m in messages(owner) if m["notification_id"] == target)["read"] == was_read


def test_sms_choices_round_trip_and_a_kind_that_does_not_exist_changes_nothing(suite: str) -> None:
    owner = logged_in(suite, "zhangwei")
    answer = owner.get("/api/v1/notification-preferences")
    assert answer.status_code == 200
    kinds = [p["kind"] for p in answer.json()["items"]]
    # other modules' runs may have left zhangwei's choices changed (make demo-reset keeps them): all on
    every = {"items": [{"kind": k, "sms": True} for k in kinds]}
    assert owner.send("PUT", "/api/v1/notification-preferences", json=every).status_code == 200
    assert kinds == [
        "DEPOSIT_POSTED",
        "INTEREST_POSTED",
        "APPORTIONMENT_POSTED",
        "LOW_BALANCE",
        "BILL_RAISED",
        "RECEIPT_ISSUED",
        "RECEIPT_FAILED",
        "REGISTRATION_DECIDED",
    ]

    off = {"items": [{"kind": "INTEREST_POSTED", "sms": False}, {"kind": "BILL_RAISED", "sms": False}]}
    put = owner.send("PUT", "/api/v1/notification-preferences", json=off)
    assert put.status_code == 200, put.text
    expected = [{"kind": k, "sms": k not in ("INTEREST_POSTED", "BILL_RAISED")} for k in kinds]
    assert put.json() == {"items": expected}
    assert owner.get("/api/v1/notification-preferences").json() == {"items": expected}
    # only the kinds given change
    put = owner.send(
        "PUT", "/api/v1/notification-preferences", json={"items": [{"kind": "BILL_RAISED", "sms": True}]}
    )
    expected = [{"kind": k, "sms": k != "INTEREST_POSTED"} for k in kinds]
    assert put.status_code == 200 and put.json() == {"items": expected}

    bad = owner.send(
        "PUT",
        "/api/v1/notification-preferences",
        json={"items": [{"kind": "DEPOSIT_POSTED", "sms": False}, {"kind": "ADVERTISING", "sms": False}]},
    )
    assert bad.status_code == 422 and bad.headers["Content-Type"] == "application/problem+json"
    assert bad.json()["code"] == "VALIDATION_FAILED" and bad.json()["field"] == "items[1].kind"
    assert owner.get("/api/v1/notification-preferences").json() == {"items": expected}  # nothing changed
    forged = owner.send(
        "PUT", "/api/v1/notification-preferences", json=off, headers={"X-CSRF-Token": "forged"}
    )
    assert forged.status_code == 403 and forged.json()["code"] == "CSRF_FAILED"
    # another account's choices are its own: lina never set any, and a kind never set is on
    theirs = logged_in(suite, "lina").get("/api/v1/notification-preferences").json()["items"]
    assert [p["kind"] for p in theirs] == kinds and all(p["sms"] for p in theirs)

    restored = owner.send("PUT", "/api/v1/notification-preferences", json=every)
    assert restored.status_code == 200 and all(p["sms"] for p in restored.json()["items"])


def test_the_message_page_opens_a_message_where_it_leads_and_no_further(
    suite: str, payment: dict[str, Any]
) -> None:
    owner = logged_in(suite, "zhangwei")
    page = owner.get("/messages")
    assert page.status_code == 200 and "<h1>消息</h1>" in page.text
    listed = messages(owner)
    assert listed
    message = listed[0]
    ids = re.findall(r'action="/messages/([^/"]+)/read"', page.text)
    if message["link"] or not message["read"]:
        assert message["notification_id"] in ids
    # opening goes where the message leads (a path on this site), else back to 消息; never off the site
    for target, expected in (
        (message["link"] or "/messages", message["link"] or "/messages"),
        ("//evil.example/x", "/messages"),
        ("https://evil.example/x", "/messages"),
    ):
        answer = owner.send(
            "POST",
            f"/messages/{message['notification_id']}/read",
            data={"next": target},
            allow_redirects=False,
        )
        assert answer.status_code == 303 and answer.headers["Location"] in (expected, suite + expected), (
            target
        )
    assert next(m for m in messages(owner) if m["notification_id"] == message["notification_id"])["read"]
    assert owner.get("/messages/not-a-message-id/read").status_code == 405  # a GET changes nothing


def test_a_review_decision_tells_lina_with_the_reason_once(suite: str) -> None:
    lina = logged_in(suite, "lina")
    before = {m["notification_id"] for m in messages(lina)}
    submitted = lina.send(
        "POST",
        "/api/v1/registrations",
        json={
            "method": "contract",
            "contract_no": demo.OTHER_CHAOYANG.contract_no,
            "house_type": "商品房",
            "district": "110105",
            "phone": "13800000002",
        },
    )
    assert submitted.status_code == 201 and submitted.json()["status"] == "PENDING_REVIEW", submitted.text
    registration_id = submitted.json()["registration_id"]
    reviewer = logged_in(suite, "reviewer_chaoyang")
    decided = reviewer.send(
        "POST",
        f"/api/v1/admin/registrations/{registration_id}/decision",
        json={"approve": False, "reason": "购房合同照片不清晰"},
    )
    assert decided.status_code == 200, decided.text

    def new_messages() -> list[dict[str, Any]]:
        return [m for m in messages(lina) if m["notification_id"] not in before]

    fresh = eventually(new_messages, "lina told of the decision", timeout=EVENT_TIMEOUT)
    assert [m["kind"] for m in fresh] == ["REGISTRATION_DECIDED"], fresh
    assert "购房合同照片不清晰" in fresh[0]["body"] and not fresh[0]["read"]
    assert unread(lina) >= 1
    # the reviewer's own list holds nothing about it, and zhangwei's neither
    assert fresh[0]["notification_id"] not in {m["notification_id"] for m in messages(reviewer)}
    assert fresh[0]["notification_id"] not in {
        m["notification_id"] for m in messages(logged_in(suite, "zhangwei"))
    }
    assert len(new_messages()) == 1


def test_the_message_page_pages_with_more_and_no_javascript(suite: str) -> None:
    """Over 20 messages: the page shows the newest 20 and a 「更多」 link (a keyset cursor, no script) to
    the next ones, in the order of /api/v1/notifications, none twice."""
    lina = logged_in(suite, "lina")
    reject_registrations(suite, lina, max(0, 22 - len(messages(lina))))
    listed = eventually(lambda: len(m := messages(lina)) >= 22 and m, "22 messages", timeout=EVENT_TIMEOUT)
    order = [m["notification_id"] for m in listed]
    created = [m["created_at"] for m in listed]
    assert created == sorted(created, reverse=True)  # newest first

    shown: list[str] = []
    url = "/messages"
    for _ in range(5):
        page = lina.get(url)
        assert page.status_code == 200
        ids = re.findall(r'action="/messages/([0-9a-f-]{36})/read"', page.text)  # one form each: all unread
        assert len(ids) <= 20
        shown += ids
        more = re.search(r'<a class="button block" id="more" href="([^"]+)">更多</a>', page.text)
        if not more:
            break
        assert "<script" not in page.text.split('id="messages"')[1].split("</ul>")[0]
        url = more.group(1).replace("&amp;", "&")
    assert shown == order


def unread_tile(home: requests.Response) -> str:
    """What the home page's 消息 tile says about unread messages."""
    found = re.search(r'<span id="unread-text">([^<]*)</span>', home.text)
    assert found, home.text
    return found.group(1)


def test_the_home_page_asks_for_the_unread_count_once_a_minute_not_on_every_visit(suite: str) -> None:
    owner = logged_in(suite, "zhangwei")  # a new session: it knows no count yet
    home, calls = calls_during(suite, lambda: owner.get("/home"))
    assert calls.pop("notification/CountUnread") == 1
    assert sum(calls.values()) == 2, calls  # identity (me) and the houses with the pending bills
    said = unread_tile(home)
    again, calls = calls_during(suite, lambda: owner.get("/home"))
    assert "notification/CountUnread" not in calls and sum(calls.values()) == 2, calls
    assert unread_tile(again) == said


def test_the_message_page_and_its_list_are_one_call_and_a_read_mark_keeps_the_badge_right(suite: str) -> None:
    lina = logged_in(suite, "lina")
    assert lina.send("POST", "/api/v1/notifications/read-all").status_code == 204
    reject_registrations(suite, lina, 2)
    eventually(lambda: unread(lina) == 2, "lina told of both decisions", timeout=EVENT_TIMEOUT)

    web = logged_in(suite, "lina")  # a new session, as a browser's
    page, calls = calls_during(suite, lambda: web.get("/messages"))
    assert calls == {"notification/ListNotifications": 1}
    assert '<p class="muted" id="unread-summary">2条未读消息</p>' in page.text
    listed, calls = calls_during(suite, lambda: web.get("/api/v1/notifications", params={"limit": 5}))
    assert calls == {"notification/ListNotifications": 1}
    assert listed.json()["unread_count"] == 2  # all of them, whatever the page's length
    assert web.get("/api/v1/notifications", params={"limit": 1}).json()["unread_count"] == 2
    newest, other = (m["notification_id"] for m in listed.json()["items"][:2])

    # opening a message: the mark brings the count after it, and the home page shows that count unasked
    for _ in range(2):  # the second time it was read before: one unread still, not none
        _, calls = calls_during(
            suite,
            lambda: web.send(
                "POST", f"/messages/{newest}/read", data={"next": "/messages"}, allow_redirects=False
            ),
        )
        assert calls == {"notification/MarkRead": 1}
        home, calls = calls_during(suite, lambda: web.get("/home"))
        assert "notification/CountUnread" not in calls, calls
        assert unread_tile(home) == "1条未读消息"
    # the same through the API, which shares the session
    _, calls = calls_during(suite, lambda: web.send("POST", f"/api/v1/notifications/{other}/read"))
    assert calls == {"notification/MarkRead": 1}
    home, calls = calls_during(suite, lambda: web.get("/home"))
    assert "notification/CountUnread" not in calls and unread_tile(home) == "暂无未读消息"
    assert unread(lina) == 0
