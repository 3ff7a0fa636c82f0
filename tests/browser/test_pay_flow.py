"""An owner on a phone pays a FIXED bill by WeChat Pay: 我要交款 → bill → 立即付款 → QR → 已支付 → result;
then 我要查询 shows the NOT_OWNER pop-up for 刘洋's house."""

from __future__ import annotations

import re
import time

import pytest
import requests
from playwright.sync_api import expect

from maintfund_dev import demo
from tests.browser.a11y import seen

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_demo")]


def _login(page) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill("zhangwei")
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))


def test_pay_fixed_bill_by_wechat(page, sandbox_url: str) -> None:
    _login(page)
    page.get_by_text("我要交款", exact=True).first.click()
    page.wait_for_url(re.compile(r"/bills$"))
    card = page.locator("li.bill").filter(has_text=demo.H2.address)
    assert "7,620.00" in card.inner_text()
    card.get_by_role("link", name="我要交款").click()
    assert seen(page.locator("#amount")) == "¥7,620.00"
    page.get_by_role("button", name="立即付款").click()
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]+$"))
    qr = page.locator("#qr")
    assert qr.is_visible() and qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    out_trade_no = page.locator("#out-trade-no").inner_text()
    paid = requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": out_trade_no}, timeout=10)
    assert paid.status_code == 200
    time.sleep(1)
    page.get_by_role("button", name="已支付").click()
    page.wait_for_url(re.compile(r"/result$"))
    assert page.locator("#result-status").inner_text() == "交存成功"
    page.get_by_role("link", name="我的交存记录").click()
    assert demo.H2.address in page.locator("#records").inner_text()


def test_query_another_owners_house_shows_the_notice(page) -> None:
    _login(page)
    page.goto("/house-queries?by=certificate")
    page.get_by_label("不动产权证号").fill(demo.LIU_YANG_HOUSE.cert_no)
    page.get_by_role("button", name="查询").click()
    # expect() waits for the answer's page: a locator read at once may meet the page still being parsed
    modal = page.locator("#notice-modal")
    expect(modal).to_contain_text("继续交存产生的票据将显示现业主姓名")
    modal.get_by_role("button", name="知道了").click()
    expect(page.locator("#notice-modal")).to_have_count(0)
    result = page.locator("#query-result")
    expect(result).to_contain_text(demo.LIU_YANG_HOUSE.address)
    assert "刘" not in result.inner_text()
    result.get_by_role("link").first.click()
    expect(page.get_by_role("button", name="立即付款")).to_be_visible()
