"""Forms an owner fills on a phone (issue 18): errors at the field, full-width amounts, the password rule
before a failure, uploads refused in the browser before they are sent, and Beijing time on the quick-pay
and registration pages (the QR page of quick pay also goes on by itself once paid)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
from playwright.sync_api import expect

from maintfund_common.beijing_time import BEIJING
from maintfund_dev import demo
from tests.browser.a11y import seen
from tests.e2e.helpers import fresh_id_number

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_demo")]
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _login(page, username: str = "zhangwei") -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))


def _shown_beijing(text: str) -> datetime:
    found = re.search(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2})", text)
    assert found, text
    return datetime.strptime(found.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING)


def _is_now(shown: datetime) -> bool:
    """A minute-precision time shown for something that happened just now (UTC would be 8 h off)."""
    return abs(shown - datetime.now(UTC)) <= timedelta(minutes=2)


def test_amount_errors_at_the_field_and_full_width_digits(page) -> None:
    _login(page)
    page.goto("/bills")
    page.locator("li.bill").filter(has_text=demo.H1.address).get_by_role("link", name="我要交款").click()
    bounds = seen(page.locator("#bounds"))  # ¥1,234.56 ~ ¥7,890.00
    low = re.match(r"¥([\d,]+\.\d\d)", bounds).group(1).replace(",", "")
    amount = page.get_by_label(re.compile("交存金额"))
    assert amount.get_attribute("aria-invalid") is None

    amount.fill("1")
    page.get_by_role("button", name="立即付款").click()
    amount = page.get_by_label(re.compile("交存金额"))
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_attribute("aria-describedby", "amount_yuan-error")
    message = page.locator("#amount_yuan-error").inner_text()
    assert re.fullmatch(r"交存金额应在 ¥[\d,]+\.\d\d 到 ¥[\d,]+\.\d\d 之间", message), message
    assert page.locator("p.error[role=alert]").count() == 0  # no banner above the form
    assert amount.input_value() == "1"  # what was typed stays

    amount.fill(low.translate(FULL_WIDTH))  # 「１２３．４５」 from a phone keyboard
    page.get_by_role("button", name="立即付款").click()
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]+$"))
    assert seen(page.locator("#pay-amount")) == f"¥{float(low):,.2f}"


def test_registration_shows_the_password_rule_first_and_errors_at_the_field(page) -> None:
    page.goto("/register")
    rule = page.locator("#password-hint")
    expect(rule).to_be_visible()  # before any failure
    assert "至少三类" in rule.inner_text()
    password = page.get_by_label("密码", exact=True)
    assert "password-hint" in password.get_attribute("aria-describedby")

    page.get_by_label("用户名").fill(f"u{uuid.uuid4().hex[:10]}")
    password.fill("abcdefgh")
    page.get_by_label("确认密码").fill("abcdefgh")
    page.get_by_label("姓名").fill("赵六")
    page.get_by_role("textbox", name="身份证号码").fill(fresh_id_number())
    page.get_by_label("手机号码").fill(f"137{uuid.uuid4().int % 10**8:08d}")
    page.get_by_role("button", name="注册").click()

    password = page.get_by_label("密码", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    assert password.get_attribute("aria-describedby") == "password-hint password-error"
    assert "至少三类" in page.locator("#password-error").inner_text()
    assert page.locator("p.error[role=alert]").count() == 0
    assert page.get_by_label("手机号码").get_attribute("aria-invalid") is None


def test_a_file_over_the_limit_is_refused_before_upload_and_the_files_stay(page, tmp_path) -> None:
    _login(page, "lina")
    page.goto("/houses/add?method=proof&action=lookup")
    small = tmp_path / "proof.png"
    small.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 1000)
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (12 * 1024 * 1024))
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)

    files = page.locator("#files")
    files.set_input_files([str(small), str(big)])
    error = page.locator("#files-error")
    expect(error).to_be_visible()
    assert "scan.pdf" in error.inner_text() and "10 MB" in error.inner_text()
    expect(files).to_have_attribute("aria-invalid", "true")
    page.get_by_label("联系电话").fill("13700001111")
    page.locator("#proof-form").get_by_role("button", name="提交").click()
    page.wait_for_timeout(500)
    assert sent == []  # nothing was uploaded
    assert page.evaluate("() => document.getElementById('files').files.length") == 2  # still chosen


def test_quick_pay_shows_beijing_time_and_the_qr_page_goes_on_by_itself(page, sandbox_url: str) -> None:
    page.goto("/quickpay/lookup")
    page.get_by_label("业务流水号").fill(demo.QUICKPAY_BUSINESS_NO)
    page.get_by_label("业主名称").fill("王芳")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"/quickpay/t/"))
    page.locator("#qp-pay").click()
    page.wait_for_url(re.compile(r"/pay$"))
    expires = _shown_beijing(page.locator("#pay-card").inner_text())
    assert timedelta(0) < expires - datetime.now(UTC) <= timedelta(hours=2, minutes=1)

    out_trade_no = page.locator("#out-trade-no").inner_text()
    requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": out_trade_no}, timeout=10)
    page.wait_for_url(re.compile(r"/quickpay/t/[^/]+$"), timeout=20_000)  # no 已支付 click
    expect(page.locator("#result-status")).to_have_text("交存成功")
    assert _is_now(_shown_beijing(page.locator("#result-status + p").inner_text()))


def test_registration_times_are_beijing_time(page, suite: str) -> None:
    _login(page, "lina")
    csrf = page.request.post(
        "/api/v1/session", data={"username": "lina", "password": demo.DEMO_PASSWORD}
    ).json()["csrf_token"]
    created = page.request.post(
        "/api/v1/registrations",
        headers={"X-CSRF-Token": csrf},
        data={
            "method": "contract",
            "contract_no": demo.LINA_HOUSE.contract_no,
            "house_type": "商品房",
            "district": demo.LINA_HOUSE.district_code,
            "phone": "13700001111",
        },
    )
    assert created.status == 201, created.text()
    page.goto("/registrations")
    card = page.locator("article.registration").first
    assert _is_now(_shown_beijing(card.inner_text()))
