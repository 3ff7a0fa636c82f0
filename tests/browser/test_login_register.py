"""Login and registration on a phone (issue 18, items 9 and 10): the lock-out answers an unknown username
exactly as an existing one and warns before it locks; the SMS button counts 60 seconds down; registration
asks separate consent to the 用户协议 and the 隐私政策 (both pages) and proves the phone by SMS code."""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from tests.e2e.helpers import fresh_id_number, register_account

pytestmark = pytest.mark.browser


def _fail(page, username: str) -> str:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Wrong@2026x")
    page.get_by_role("button", name="登录").click()
    return page.locator("#login-error").inner_text()


def test_lockout_looks_the_same_for_existing_and_unknown_usernames(page, suite: str) -> None:
    existing = f"k{uuid.uuid4().hex[:10]}"
    body = {
        "username": existing,
        "password": "Passw0rd!x",
        "name": "周八",
        "id_number": fresh_id_number(),
        "phone": f"133{uuid.uuid4().int % 10**8:08d}",
    }
    assert register_account(suite, body).status_code == 201
    unknown = f"k{uuid.uuid4().hex[:10]}"
    seen = {name: [_fail(page, name) for _ in range(6)] for name in (existing, unknown)}
    assert seen[existing] == seen[unknown]
    assert seen[existing][:4] == [f"用户名或密码错误，还可尝试{n}次" for n in (4, 3, 2, 1)]
    assert seen[existing][4:] == ["登录失败次数过多，账号已临时锁定，请15分钟后再试"] * 2
    # the API answers alike too: status, code and message
    answers = [
        requests.post(f"{suite}/api/v1/session", json={"username": n, "password": "x"}, timeout=10)
        for n in (existing, unknown)
    ]
    assert {(a.status_code, a.json()["code"], a.json()["detail"]) for a in answers} == {
        (401, "ACCOUNT_LOCKED", "登录失败次数过多，账号已临时锁定，请15分钟后再试")
    }


def test_sms_button_counts_down(page, suite: str) -> None:
    page.goto("/login?tab=sms")
    page.get_by_label("手机号码").fill(f"131{uuid.uuid4().int % 10**8:08d}")
    page.get_by_role("button", name="获取验证码").click()
    assert "60秒后可重新获取" in page.locator(".notice").inner_text()
    button = page.locator("button[data-countdown]")
    assert button.is_disabled()
    first = int(re.match(r"(\d+)秒后重新获取", button.inner_text()).group(1))
    page.wait_for_timeout(2100)
    later = int(re.match(r"(\d+)秒后重新获取", button.inner_text()).group(1))
    assert 58 <= first <= 60 and first - later >= 2


def test_registration_asks_both_consents_and_the_phones_code(page, suite: str, sandbox_url: str) -> None:
    page.goto("/login")
    page.get_by_role("link", name="立即注册").click()
    page.wait_for_url(re.compile(r"/register$"))
    # the two documents are pages of their own
    assert page.get_by_role("link", name="《用户协议》").get_attribute("href") == "/terms"
    assert page.get_by_role("link", name="《隐私政策》").get_attribute("href") == "/privacy"
    username, phone = f"g{uuid.uuid4().hex[:10]}", f"132{uuid.uuid4().int % 10**8:08d}"
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill("Passw0rd!x")
    page.get_by_label("确认密码").fill("Passw0rd!x")
    page.get_by_label("姓名").fill("吴九")
    page.get_by_label("身份证号码", exact=True).fill(fresh_id_number())
    page.get_by_label("手机号码").fill(phone)
    page.get_by_role("button", name="获取验证码").click()  # JavaScript: the API, the page stays
    page.locator("#sms-notice").wait_for()
    assert "验证码已发送" in page.locator("#sms-notice").inner_text()
    assert page.locator("#register-sms").is_disabled()
    code = requests.get(f"{sandbox_url}/sandbox/sms/{phone}", timeout=10).json()["code"]
    page.get_by_label("短信验证码").fill(code)
    page.get_by_label("我已阅读并同意《用户协议》").check()
    # no consent to the 隐私政策: refused at that checkbox, nothing created, the form kept
    page.get_by_role("button", name="注册").click()
    error = page.locator("#accepted_privacy-error")
    assert "隐私政策" in error.inner_text()
    assert page.get_by_label("用户名").input_value() == username
    page.get_by_label("密码", exact=True).fill("Passw0rd!x")
    page.get_by_label("确认密码").fill("Passw0rd!x")
    page.get_by_label("短信验证码").fill(code)
    page.locator("#accepted_privacy").check()
    page.get_by_role("button", name="注册").click()
    assert page.get_by_text("注册成功，请登录").is_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Passw0rd!x")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))


def test_site_pages_title_footer_favicon_and_desktop_width(browser, suite: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=suite)
    page = context.new_page()
    for path in ("/", "/login", "/register", "/help", "/terms", "/privacy", "/quickpay"):
        page.goto(path)
        assert re.fullmatch(r"\S+ - 北京市住宅专项维修资金", page.title()), (path, page.title())
        assert "北京市住房资金管理中心" in page.locator("footer").inner_text()
        assert "住房公积金管理中心" not in page.locator("footer").inner_text()
    page.goto("/")
    page.locator("footer").get_by_role("link", name="帮助与常见问题").click()
    assert page.get_by_role("heading", name="服务热线").is_visible()
    assert page.locator("a[href='tel:12329']").first.is_visible()
    assert page.locator("main").bounding_box()["width"] > 1000  # the desktop uses the width
    icon = requests.get(f"{suite}/favicon.ico", timeout=10)
    assert icon.status_code == 200 and icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    context.close()


def test_home_tile_counts_pending_bills_and_the_empty_home_is_designed(page, suite: str) -> None:
    from maintfund_dev import demo

    page.goto("/login")
    page.get_by_label("用户名").fill("zhangwei")
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))
    assert page.get_by_role("heading", level=1).inner_text() == "您好，张*"
    # H1's 续筹 and H2's 首次交存 (DESIGN §4.4) wait in 我要交款
    tile = page.locator("#tile-bills")
    assert tile.locator(".count").inner_text() == "2" and "2笔待交存" in tile.inner_text()
    page.get_by_role("button", name="退出").click()
    page.goto("/login")
    page.get_by_label("用户名").fill("lina")
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))
    empty = page.locator("#no-houses")
    assert empty.locator(".empty-icon").is_visible() and "网签合同编号" in empty.inner_text()
    assert page.get_by_role("link", name="添加房屋").count() == 1  # one call to action, not two
