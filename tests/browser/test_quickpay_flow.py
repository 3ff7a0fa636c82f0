"""F8 站外快速交存 in a browser, without logging in: input, detail, 立即交存, pay, 我要开票, 查询/下载."""

from __future__ import annotations

import re
import time

import pytest
import requests

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_demo")]


def _reload_until(page, selector: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.locator(selector).count():
            return
        time.sleep(0.5)
        page.reload()
    raise AssertionError(f"{selector} did not appear")


def _lookup(page, name: str) -> None:
    page.goto("/quickpay/lookup")
    page.get_by_label("业务流水号").fill("SW202611260001")
    page.get_by_label("业主名称").fill(name)
    page.get_by_role("button", name="查询").click()


def test_quick_pay_then_receipt(page, sandbox_url: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="住宅专项维修资金个人在线支付").click()
    page.locator("#qp-start").click()
    _lookup(page, "王方")
    assert page.locator("#qp-error").inner_text().startswith("未查询到该笔业务")

    _lookup(page, "王芳")
    page.wait_for_url(re.compile(r"/quickpay/t/"))
    assert page.locator("#owner-name").inner_text() == "王*"
    assert "110102" not in page.content()
    page.locator("#qp-pay").click()
    page.wait_for_url(re.compile(r"/pay$"))
    assert page.locator("#qr").is_visible()
    out_trade_no = page.locator("#out-trade-no").inner_text()
    requests.post(f"{sandbox_url}/sandbox/pay", json={"out_trade_no": out_trade_no}, timeout=10)
    page.locator("#qp-paid").click()
    _reload_until(page, "#qp-invoice")
    assert page.locator("#result-status").inner_text() == "交存成功"
    page.locator("#qp-invoice").click()
    _reload_until(page, "#qp-download")

    # a second visit with the same number and name shows 查询/下载
    _lookup(page, "王芳")
    page.wait_for_url(re.compile(r"/quickpay/t/"))
    with page.expect_download() as download:
        page.locator("#qp-download").click()
    assert download.value.suggested_filename.endswith(".pdf")
