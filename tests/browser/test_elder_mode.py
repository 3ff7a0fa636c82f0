"""长辈版 (elder mode) and 标准版 (issue 19) in Debian's Chromium, beyond the figures every page state is
measured for in test_accessibility.py (axe, target sizes, 长辈版's text, sideways scrolling):

- the header's switch on every page, remembered by the browser on anonymous pages and after login, and for
  the account: chosen logged in on one browser, it is the owner's mode at login on another;
- the notice pop-up takes focus, keeps Tab inside, closes by Esc and by its ≥ 44 px (长辈版 60 px) corner
  button, and gives focus back to the result it was about;
- a skip link, one h1, lang="zh-CN"; amounts and masked numbers have names that read well aloud;
- the SMS code's validity is announced, the QR page counts its time down;
- login → 我要交款 → pay by keyboard alone, in both modes;
- 长辈版 is larger than 标准版 on the five pages the README shows.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gateway.web.speech import spoken_yuan
from maintfund_dev import demo
from tests.browser.a11y import seen
from tests.e2e.helpers import house_id

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_demo")]


def _context(browser, suite: str, mode: str = "standard"):
    """A phone-sized window in ``mode``."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=suite)
    if mode == "elder":
        context.add_cookies([{"name": "mf_mode", "value": "elder", "url": suite}])
    return context


def _login(page, username: str = "zhangwei") -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/(home|admin)$"))


def _owner_pages() -> list[str]:
    h1 = house_id("H1")
    return [
        "/home",
        "/houses",
        f"/houses/{h1}",
        f"/houses/{h1}/ledger",
        "/bills",
        "/house-queries",
        "/deposit-records",
        "/houses/add",
        "/messages",
        "/messages/settings",
        "/help",
    ]


ANONYMOUS = [
    "/",
    "/login",
    "/login?tab=sms",
    "/register",
    "/quickpay",
    "/quickpay/lookup",
    "/receipts/verify",
]


def test_the_switch_is_on_every_page_and_remembered(browser, suite: str) -> None:
    context = _context(browser, suite)
    page = context.new_page()
    page.goto("/quickpay")
    assert "elder" not in (page.locator("body").get_attribute("class") or "")
    page.get_by_role("button", name="长辈版").click()
    page.wait_for_url(re.compile(r"/quickpay$"))  # back on the page it was pressed on
    assert "elder" in page.locator("body").get_attribute("class")
    cookie = next(c for c in context.cookies() if c["name"] == "mf_mode")
    assert cookie["value"] == "elder" and cookie["httpOnly"] and cookie["expires"] > 0
    for path in ANONYMOUS:  # anonymous pages keep it
        page.goto(path)
        assert "elder" in page.locator("body").get_attribute("class"), path
        expect(page.get_by_role("button", name="标准版")).to_be_visible()
    _login(page)
    for path in _owner_pages():  # and so do an owner's pages, after login
        page.goto(path)
        assert "elder" in page.locator("body").get_attribute("class"), path
    page.goto(f"/houses/{house_id('H1')}/ledger?page=1")
    page.get_by_role("button", name="标准版").click()
    page.wait_for_url(re.compile(r"/ledger\?page=1$"))  # the query string comes back too
    assert "elder" not in (page.locator("body").get_attribute("class") or "")
    expect(page.get_by_role("button", name="长辈版")).to_be_visible()
    # the way back is the page the switch was pressed on (its Referer); another site is never followed
    token = page.locator(".mode-switch input[name=csrf_token]").get_attribute("value")
    for referer in ("https://evil.example/x", f"{suite}//evil.example/x"):
        answer = page.request.post(
            "/display-mode",
            form={"mode": "elder", "csrf_token": token},
            headers={"Origin": suite, "Referer": referer},
            max_redirects=0,
        )
        assert answer.status == 303 and answer.headers["location"] in ("/", f"{suite}/"), referer
    context.close()


def test_the_mode_chosen_logged_in_is_the_owners_on_another_browser(browser, suite: str) -> None:
    phone = _context(browser, suite)
    page = phone.new_page()
    _login(page)
    page.get_by_role("button", name="长辈版").click()
    page.wait_for_url(re.compile(r"/home$"))
    assert "elder" in page.locator("body").get_attribute("class")

    new_phone = _context(browser, suite)  # no cookie of its own: 标准版 until the owner logs in
    other = new_phone.new_page()
    other.goto("/login")
    assert "elder" not in (other.locator("body").get_attribute("class") or "")
    _login(other)
    assert "elder" in other.locator("body").get_attribute("class")
    expect(other.get_by_role("button", name="标准版")).to_be_visible()
    other.get_by_role("button", name="退出").click()
    other.goto("/quickpay")  # the browser keeps the mode after logout
    assert "elder" in other.locator("body").get_attribute("class")

    other.goto("/login")  # back to 标准版 while logged out: this browser only, not the account
    other.get_by_role("button", name="标准版").click()
    _login(other)
    assert "elder" in other.locator("body").get_attribute("class")
    other.get_by_role("button", name="标准版").click()  # logged in: the account's mode too
    other.wait_for_url(re.compile(r"/home$"))
    page.get_by_role("button", name="退出").click()
    _login(page)
    assert "elder" not in (page.locator("body").get_attribute("class") or "")
    phone.close()
    new_phone.close()


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_the_notice_pop_up_holds_focus_and_closes_by_esc(browser, suite: str, mode: str) -> None:
    context = _context(browser, suite, mode)
    page = context.new_page()
    _login(page)
    page.goto("/house-queries?by=certificate")
    page.get_by_label("不动产权证号").fill(demo.LIU_YANG_HOUSE.cert_no)
    page.get_by_role("button", name="查询").click()
    modal = page.locator("#notice-modal")
    modal.wait_for()
    inside = "() => document.getElementById('notice-modal').contains(document.activeElement)"
    assert page.evaluate(inside)  # it took focus
    for key in ["Tab"] * 6 + ["Shift+Tab"] * 6:
        page.keyboard.press(key)
        assert page.evaluate(inside), key  # and keeps it
    close = modal.get_by_role("button", name="关闭提示")
    box, frame = close.bounding_box(), modal.bounding_box()
    least = 60 if mode == "elder" else 44
    assert box["width"] >= least and box["height"] >= least
    assert (
        frame["x"] + frame["width"] - (box["x"] + box["width"]) <= 8 and box["y"] - frame["y"] <= 8
    )  # corner
    assert page.evaluate("document.body.classList.contains('has-modal')")
    page.keyboard.press("Escape")
    expect(page.locator("#notice-modal")).to_have_count(0)
    result = page.locator("#query-result")
    assert demo.LIU_YANG_HOUSE.address in result.inner_text()
    # focus comes back to the page: on the result the notice was about
    assert page.evaluate("document.getElementById('query-result').contains(document.activeElement)")
    context.close()


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_page_structure_and_speech(browser, suite: str, mode: str) -> None:
    context = _context(browser, suite, mode)
    page = context.new_page()
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    _login(page)
    assert page.locator("h1").count() == 1
    me = next(a for a in demo.ACCOUNTS if a.username == "zhangwei")
    assert page.locator("#id-number").get_attribute("aria-label") == f"身份证号末四位{me.id_number[-4:]}"
    assert page.locator("#phone").get_attribute("aria-label") == f"手机号末四位{me.phone[-4:]}"
    page.goto(f"/houses/{house_id('H1')}")
    shown = seen(page.locator("#balance"))  # ¥4,896.58 to the eye
    fen = int(re.sub(r"[¥,.]", "", shown))
    # to a screen reader (Chromium's accessibility tree): the words, and not the figures, nor a graphic
    heard = page.locator("#balance").aria_snapshot()
    assert spoken_yuan(fen) in heard and shown not in heard and "img" not in heard, heard
    # inside a link (a ledger row), the amount's words are part of the link's name
    page.goto(f"/houses/{house_id('H1')}/ledger")
    row = page.locator("li.entry").first
    amount = seen(row.locator(".money").first)
    words = spoken_yuan(int(re.sub(r"[¥,.]", "", amount)))
    heard = row.aria_snapshot()
    assert words in heard and amount not in heard, heard
    context.close()


def test_the_qr_page_counts_its_time_down(browser, suite: str) -> None:
    context = _context(browser, suite)
    page = context.new_page()
    _login(page)
    page.goto("/bills")
    page.locator("li.bill").filter(has_text=demo.H2.address).get_by_role("link", name="我要交款").click()
    page.get_by_role("button", name="立即付款").click()
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]+$"))
    timer = page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^二维码剩余有效时间 \d+分(\d+秒)?$"))
    expect(page.locator("#time-left-said")).to_have_text(re.compile(r"二维码剩余有效时间"))
    first = timer.inner_text()
    expect(timer).not_to_have_text(first, timeout=2100)  # it counts (passes at the first change)
    context.close()


def _tab_to(page, script: str, most: int = 60) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({script}); }})()"):
            return
    raise AssertionError(f"Tab never reached {script}")


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_login_to_payment_by_keyboard_alone(browser, suite: str, mode: str) -> None:
    context = _context(browser, suite, mode)
    page = context.new_page()
    page.goto("/login")
    _tab_to(page, "el.name === 'username'")
    page.keyboard.type("zhangwei")
    _tab_to(page, "el.name === 'password'")
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/home$"))
    _tab_to(page, "el.id === 'tile-bills'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bills$"))
    _tab_to(
        page,
        f"el.tagName === 'A' && el.closest('li.bill')?.innerText.includes('{demo.H2.address}')"
        " && el.innerText.includes('我要交款')",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bills/"))
    _tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('立即付款')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]+$"))
    expect(page.locator("#qr")).to_be_visible()
    context.close()


def test_the_sms_code_validity_is_announced(browser, suite: str) -> None:
    context = _context(browser, suite)
    page = context.new_page()
    page.goto("/login?tab=sms")
    page.get_by_label("手机号").first.fill(demo.ACCOUNTS[0].phone)
    page.get_by_role("button", name="获取验证码").click()
    notice = page.locator(".notice")
    expect(notice).to_contain_text("验证码已发送，5分钟内有效")
    expect(notice).to_contain_text("重新获取的验证码重新计算有效期")
    context.close()


SHOWN = [  # the five pages the README shows in both modes
    ("index", "/", False),
    ("quickpay", "/quickpay", False),
    ("home", "/home", True),
    ("ledger", f"/houses/{house_id('H1')}/ledger", True),
    ("bill", "/bills", True),
]


def test_elder_mode_is_larger_on_the_readme_pages(browser, suite: str, tmp_path) -> None:
    """The same five pages in both modes: 长辈版's h1 and first control are larger, and the page is longer.
    With MAINTFUND_SCREENSHOT_DIR set, the screenshots land there (docs/accessibility in the README)."""
    import os
    from pathlib import Path

    out = Path(os.environ.get("MAINTFUND_SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    figures: dict[str, dict[str, tuple[float, float]]] = {}
    for mode in ("standard", "elder"):
        context = _context(browser, suite, mode)
        page = context.new_page()
        logged = False
        for name, path, login in SHOWN:
            if login and not logged:
                _login(page)
                logged = True
            page.goto(path)
            page.screenshot(path=str(out / f"{name}-{mode}.png"), full_page=False)
            h1 = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
            figures.setdefault(name, {})[mode] = (h1, page.evaluate("document.documentElement.scrollHeight"))
        context.close()
    for name, both in figures.items():
        assert both["elder"][0] >= 30 > both["standard"][0], (name, both)
        assert both["elder"][1] > both["standard"][1], (name, both)
