"""消息 in Debian's Chromium, in 标准版 and 长辈版 (F9):

- after a payment the home page and the header say how many messages are unread, in words a screen reader
  reads (「1条未读消息」); the red figure is for the eye only;
- the 消息 page lists it newest first, marked 「未读」 in text (not by colour alone); opening it (a POST)
  goes where it leads and it is read: the badge is gone; 全部已读;
- the SMS settings: one check box per kind with its Chinese name, 保存 keeps the choice;
- all of it by keyboard alone; axe-core finds nothing serious; targets ≥ 44 px (标准版) and ≥ 60 px tall
  (长辈版), 长辈版's text sizes; no sideways scrolling at 320 CSS px.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import expect

from gateway.ops.labels import NOTIFICATION_KIND_NAMES
from maintfund_dev import demo
from tests.browser.a11y import BLOCKING, axe_violations
from tests.browser.ui_measure import SIDEWAYS, SIZES, TARGETS, TEXT, measure
from tests.e2e.helpers import ApiClient, eventually, house_id

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_demo")]
MODES = ["standard", "elder"]
TARGET = {"standard": {"width": 44, "height": 44}, "elder": {"width": 44, "height": 60}}
ELDER_TEXT = {"text": 18, "line_height": 1.3}
PHONE = {"width": 390, "height": 844}
REFLOW = {"width": 320, "height": 844}  # WCAG 1.4.10's reflow width


@pytest.fixture()
def one_unread(suite: str, sandbox_url: str) -> Iterator[dict]:
    """zhangwei with every SMS choice on and every message read, then H2 paid: one unread DEPOSIT_POSTED.
    His choices are put back afterwards (make demo-reset does not touch them)."""
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    every = {"items": [{"kind": k, "sms": True} for k in NOTIFICATION_KIND_NAMES]}
    assert api.send("PUT", "/api/v1/notification-preferences", json=every).status_code == 200
    assert api.send("POST", "/api/v1/notifications/read-all").status_code == 204
    before = {m["notification_id"] for m in api.get("/api/v1/notifications").json()["items"]}
    bills = {b["house_id"]: b for b in api.get("/api/v1/bills", params={"status": "pending"}).json()["items"]}
    order = api.send(
        "POST",
        f"/api/v1/bills/{bills[house_id('H2')]['bill_id']}/orders",
        json={"channel": "WECHAT"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    ).json()
    paid = requests.post(
        f"{sandbox_url}/sandbox/pay", json={"out_trade_no": order["out_trade_no"]}, timeout=10
    )
    assert paid.status_code == 200
    fresh = eventually(
        lambda: [
            m for m in api.get("/api/v1/notifications").json()["items"] if m["notification_id"] not in before
        ],
        "zhangwei told of his payment",
        timeout=20,
    )
    assert [m["kind"] for m in fresh] == ["DEPOSIT_POSTED"]
    yield {"api": api, "message": fresh[0]}
    assert api.send("PUT", "/api/v1/notification-preferences", json=every).status_code == 200


def _page(browser, suite: str, mode: str):
    # bypass_csp: axe is injected as a script of the page (the portal's CSP refuses inline scripts)
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=suite, bypass_csp=True)
    context.add_cookies([{"name": "mf_mode", "value": mode, "url": suite}])
    return context, context.new_page()


def _login(page, username: str = "zhangwei") -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))


def _tab_to(page, script: str, most: int = 80) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({script}); }})()"):
            return
    raise AssertionError(f"Tab never reached {script}")


def _checks(page, mode: str, where: str) -> list:
    """axe's serious and critical findings, targets (and 长辈版's text) under the figures, and sideways
    scrolling at 320 CSS px (the window narrowed around the page, then widened back)."""
    found: list = [(where, "axe", v) for v in axe_violations(page) if v["impact"] in BLOCKING]
    found += [(where, "target", *o) for o in measure(page, TARGETS, TARGET[mode])]
    if mode == "elder":
        found += [(where, "text", *o) for o in measure(page, TEXT, ELDER_TEXT)]
        found += [(where, "h1", el, size) for el, size in measure(page, SIZES, "h1") if size < 30]
    page.set_viewport_size(REFLOW)
    assert page.evaluate("window.innerWidth") == 320
    at = measure(page, SIDEWAYS)
    if at["scroll"] > at["client"]:
        found.append((where, "sideways at 320 px", at))
    page.set_viewport_size(PHONE)
    return found


@pytest.mark.parametrize("mode", MODES)
def test_the_badge_the_list_and_opening_a_message(browser, suite: str, mode: str, one_unread: dict) -> None:
    message = one_unread["message"]
    context, page = _page(browser, suite, mode)
    _login(page)
    found = _checks(page, mode, "home")
    tile = page.locator("#tile-messages")
    expect(tile).to_have_accessible_name(re.compile(r"消息\s*1条未读消息"))
    expect(tile.locator(".count")).to_have_attribute("aria-hidden", "true")
    header = page.locator("#header-messages")
    expect(header).to_have_accessible_name(re.compile(r"消息\s*[，,]?\s*1条未读消息"))

    header.click()
    page.wait_for_url(re.compile(r"/messages$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("消息")
    expect(page.locator("#unread-summary")).to_have_text("1条未读消息")
    first = page.locator("#messages li.message").first
    expect(first).to_contain_text(message["title"])
    expect(first).to_have_class(re.compile(r"\bunread\b"))
    expect(first.locator(".unread-mark")).to_have_text("未读")  # said in text, not by colour alone
    expect(first.locator("time")).to_have_attribute("datetime", message["created_at"])
    expect(first.locator("time")).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"))  # Beijing
    found += _checks(page, mode, "messages")

    if message["link"]:  # opening it goes where it leads
        first.get_by_role("button").click()
        page.wait_for_url(re.compile(re.escape(message["link"]) + r"$"))
        page.goto("/messages")
    else:
        first.get_by_role("button", name="标为已读").click()
        page.wait_for_url(re.compile(r"/messages$"))
    first = page.locator("#messages li.message").first
    expect(first).to_have_class(re.compile(r"\bread\b"))
    expect(first.locator(".unread-mark")).to_have_count(0)
    expect(page.locator("#unread-summary")).to_have_text("暂无未读消息")
    expect(page.locator("#header-messages .count")).to_have_count(0)
    assert one_unread["api"].get("/api/v1/notifications/unread-count").json() == {"count": 0}
    page.goto("/home")
    expect(page.locator("#tile-messages")).to_contain_text("暂无未读消息")
    assert found == [], "\n".join(map(str, found))
    context.close()


@pytest.mark.parametrize("mode", MODES)
def test_messages_and_settings_by_keyboard_alone(browser, suite: str, mode: str, one_unread: dict) -> None:
    context, page = _page(browser, suite, mode)
    _login(page)
    _tab_to(page, "el.id === 'header-messages'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/messages$"))
    _tab_to(page, "el.id === 'read-all'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/messages\?done=all-read$"))
    expect(page.get_by_role("status")).to_have_text("已将全部消息标为已读")
    expect(page.locator("#messages li.message.unread")).to_have_count(0)
    expect(page.locator("#read-all")).to_have_count(0)

    _tab_to(page, "el.tagName === 'A' && el.innerText.includes('短信提醒设置')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/messages/settings$"))
    boxes = page.get_by_role("checkbox")
    expect(boxes).to_have_count(8)
    for name in NOTIFICATION_KIND_NAMES.values():  # one per kind, named in Chinese, on until turned off
        expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_checked()
    found = _checks(page, mode, "settings")
    _tab_to(page, "el.type === 'checkbox' && el.value === 'INTEREST_POSTED'")
    page.keyboard.press("Space")
    _tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('保存')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/messages/settings\?saved=1$"))
    expect(page.get_by_role("status")).to_have_text("已保存")
    expect(page.get_by_role("checkbox", name="增值入账", exact=True)).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="交存入账", exact=True)).to_be_checked()
    sms = {
        p["kind"]: p["sms"] for p in one_unread["api"].get("/api/v1/notification-preferences").json()["items"]
    }
    assert sms["INTEREST_POSTED"] is False and sum(sms.values()) == 7
    found += _checks(page, mode, "settings saved")
    assert found == [], "\n".join(map(str, found))
    context.close()
