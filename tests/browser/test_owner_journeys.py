"""Owner journeys without dead ends (issue 18), on a phone in Debian's Chromium:

- 立即付款 shows 处理中 while it runs; the QR page shows its expiry in Beijing time and goes to the result
  by itself once the provider says paid; 开具电子票据 on the result opens the receipt; 我的交存记录 shows
  the Beijing date with 查看 / 我要开票 / 下载 by the receipt's state; the receipt's back link works;
- a house paid through 我要查询 reaches its receipt from the records, and the receipt never links back to
  fund details the owner may not open; 我要查询 shows the queried house's 资金明细;
- 知道了 on an unpayable house keeps the input and the result; refund and 售后公房 houses are not told
  「继续交存产生的票据将显示现业主姓名」 and their bills are no tappable rows.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from playwright.sync_api import expect

from maintfund_common.beijing_time import BEIJING, beijing_today
from maintfund_dev import demo

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_demo")]
NOT_OWNER_WORDS = "继续交存产生的票据将显示现业主姓名"


def _login(page) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill("zhangwei")
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))


def _pay_now_shows_progress(page) -> None:
    """立即付款 disables itself and reads 处理中… while the order is being created (the request is held
    for a second; the page notes its button's state meanwhile, in sessionStorage, which survives the
    navigation)."""
    page.evaluate(
        """() => document.querySelector("form[data-busy]").addEventListener("submit", () =>
            setTimeout(() => {
                const b = document.querySelector("form[data-busy] button[type=submit]");
                sessionStorage.setItem("busy", JSON.stringify([b.disabled, b.textContent]));
            }, 300))"""
    )

    def slow(route) -> None:
        time.sleep(1.5)
        route.continue_()

    page.route(re.compile(r"/bills/[^/]+/pay$"), slow)
    page.get_by_role("button", name="立即付款").click()
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]+$"))
    page.unroute(re.compile(r"/bills/[^/]+/pay$"))
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('busy'))") == [True, "处理中…"]


def _qr_page_expiry_is_beijing_time(page) -> None:
    text = page.locator("#pay-card").inner_text()
    shown = re.search(r"有效期至 (\d{4}-\d{2}-\d{2} \d{2}:\d{2})", text).group(1)
    expires = datetime.strptime(shown, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING)
    ahead = expires - datetime.now(UTC)
    # the order lives for minutes to hours from now; shown in UTC it would lie 8 hours in the past
    assert timedelta(0) < ahead <= timedelta(hours=2, minutes=1), (shown, ahead)


def _scan_and_pay(page, sandbox_url: str) -> None:
    """The payer pays in the provider's app; the QR page notices by itself (no 已支付 click)."""
    out_trade_no = page.locator("#out-trade-no").inner_text()
    paid = requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": out_trade_no}, timeout=10)
    assert paid.status_code == 200
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]+/result$"), timeout=20_000)
    assert page.locator("#result-status").inner_text() == "交存成功"


def _record(page, address: str):
    row = page.locator("li.record").filter(has_text=address)
    expect(row).to_have_count(1)
    return row


def test_pay_then_the_receipt_from_the_result_and_the_records(page, sandbox_url: str, tmp_path) -> None:
    _login(page)
    page.goto("/bills")
    page.locator("li.bill").filter(has_text=demo.H2.address).get_by_role("link", name="我要交款").click()
    _pay_now_shows_progress(page)
    _qr_page_expiry_is_beijing_time(page)
    _scan_and_pay(page, sandbox_url)

    page.get_by_role("link", name="开具电子票据").click()
    page.wait_for_url(re.compile(r"/deposits/[^/]+/receipt"))
    assert demo.H2.address in page.content()
    back = page.locator("#receipt-back")
    assert back.inner_text() == "‹ 我的交存记录"
    back.click()
    page.wait_for_url(re.compile(r"/deposit-records$"))

    row = _record(page, demo.H2.address)
    assert beijing_today() in row.inner_text()  # paid just now: today's date in Beijing
    expect(row.get_by_role("link", name="查看")).to_be_visible()
    row.get_by_role("button", name="我要开票").click()
    page.wait_for_url(re.compile(r"/deposits/[^/]+/receipt"))
    expect(page.locator("#receipt-status")).to_have_text("开票成功", timeout=20_000)
    page.locator("#receipt-back").click()
    row = _record(page, demo.H2.address)
    expect(row.get_by_role("button", name="我要开票")).to_have_count(0)
    with page.expect_download() as download:
        row.get_by_role("link", name="下载").click()
    saved = tmp_path / "receipt.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    # a deposit with a paper receipt: 查看 only, and its page says so
    row = _record(page, demo.H3.address)
    assert "纸质票据" in row.inner_text()
    expect(row.get_by_role("button", name="我要开票")).to_have_count(0)
    row.get_by_role("link", name="查看").click()
    assert page.locator("#receipt-status").inner_text() == "已开具纸质票据"


def test_someone_elses_house_fund_details_payment_and_receipt(page, sandbox_url: str) -> None:
    _login(page)
    page.goto("/house-queries?by=certificate")
    page.get_by_label("不动产权证号").fill(demo.LIU_YANG_HOUSE.cert_no)
    page.get_by_role("button", name="查询").click()
    page.locator("#notice-modal").get_by_role("button", name="知道了").click()
    result = page.locator("#query-result")
    expect(result).to_contain_text(demo.LIU_YANG_HOUSE.address)

    # 资金明细 of the queried house (manual 2.5): its ledger, the owner's name nowhere
    result.get_by_role("link", name="资金明细").click()
    page.wait_for_url(re.compile(r"/houses/[^/]+/ledger\?grant="))
    entries = page.locator("li.entry")
    expect(entries.first).to_be_visible()
    assert "首次交存" in page.locator("ul.ledger").inner_text()
    assert "刘洋" not in page.content() and demo.LIU_YANG_HOUSE.address in page.content()
    # the paper-receipt deposit of 2023-06-18 09:30 UTC reads as 2023-06-18 in Beijing too
    assert "2023-06-18" in page.locator("ul.ledger").inner_text()
    page.locator("li.entry").last.get_by_role("link").click()  # the whole row opens the entry
    expect(page.locator("h1")).to_have_text("资金详情")
    page.get_by_role("link", name="‹ 资金明细").click()
    page.get_by_role("link", name="‹ 我要查询").click()
    page.wait_for_url(re.compile(r"/house-queries$"))

    # pay its bill, then reach the receipt from the records
    page.goto("/house-queries?by=certificate")
    page.get_by_label("不动产权证号").fill(demo.LIU_YANG_HOUSE.cert_no)
    page.get_by_role("button", name="查询").click()
    page.locator("#notice-modal").get_by_role("button", name="知道了").click()
    page.locator("#query-result ul.list a").first.click()
    page.get_by_role("button", name="立即付款").click()
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]+$"))
    _scan_and_pay(page, sandbox_url)
    page.get_by_role("link", name="我的交存记录").click()
    row = _record(page, demo.LIU_YANG_HOUSE.address)
    row.get_by_role("link", name="查看").click()
    page.wait_for_url(re.compile(r"/deposits/[^/]+/receipt$"))
    assert page.locator("#receipt-status").inner_text() == "未开票"
    back = page.locator("#receipt-back")
    response = page.request.get(back.get_attribute("href"))
    assert response.status == 200 and "房屋不存在" not in response.text()
    back.click()
    page.wait_for_url(re.compile(r"/deposit-records$"))


@pytest.mark.parametrize(
    ("house", "notice"),
    [(demo.REFUND_HOUSE, "维修资金退款"), (demo.PUBLIC_HOUSE, "售后公有住房")],
    ids=["refund", "post-sale-public"],
)
def test_an_unpayable_house_keeps_the_query_and_offers_no_payment(page, house, notice: str) -> None:
    _login(page)
    page.goto("/house-queries?by=address")
    page.get_by_label("房屋完整地址").fill(house.address)
    page.get_by_role("button", name="查询").click()
    modal = page.locator("#notice-modal")
    expect(modal).to_contain_text(notice)
    assert NOT_OWNER_WORDS not in modal.inner_text()
    modal.get_by_role("button", name="知道了").click()

    expect(page.locator("#notice-modal")).to_have_count(0)
    assert page.get_by_label("房屋完整地址").input_value() == house.address
    result = page.locator("#query-result")
    expect(result).to_contain_text(house.address)
    assert notice in result.inner_text() and NOT_OWNER_WORDS not in result.inner_text()
    blocked = result.locator("li.bill-blocked")
    if blocked.count():
        assert "不可在线交存" in blocked.first.inner_text()
    assert result.locator("ul.list a").count() == 0  # no bill is a link to pay
