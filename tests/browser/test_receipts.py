"""An owner on a phone: 我要开票 -> 开票中 (the page refreshes itself) -> 开票成功 -> 查询/下载; and H3's
paper receipt refused with the manual's 温馨提示."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from maintfund_dev import demo
from tests.e2e.invoice_helpers import fresh_account, publish_deposit_paid

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def login(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))


def test_request_receipt_then_download(page, suite: str, suite_amqp_url: str, tmp_path: Path) -> None:
    username, account_id = fresh_account(suite)
    event = publish_deposit_paid(suite_amqp_url, account_id, amount_fen=1_200_000)
    login(page, username, "Passw0rd!x")
    deadline = time.monotonic() + 15
    while True:  # until the invoice service has consumed DepositPaid
        response = page.goto(f"/deposits/{event.deposit_id}/receipt")
        if response.status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert page.locator("#receipt-status").inner_text() == "未开票"

    page.get_by_role("button", name="我要开票").click()
    assert page.locator("#receipt-status").inner_text() in ("开票中", "开票成功")
    expect(page.locator("#receipt-status")).to_have_text("开票成功", timeout=20000)  # refreshes itself
    assert re.fullmatch(r"\d{8}", page.locator("#bill-code").inner_text())
    assert re.fullmatch(r"\d{10}", page.locator("#bill-no").inner_text())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "receipt-issued.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="查询/下载").click()
    saved = tmp_path / "receipt.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")


def test_paper_receipt_shows_the_notice(page) -> None:
    login(page, "zhangwei", demo.DEMO_PASSWORD)
    page.goto(f"/houses/{demo.H3.house_id}/ledger")
    page.locator("li.entry").last.get_by_role("link").click()  # the whole row is the link
    assert "已开具纸质票据" in page.content()
    page.get_by_role("button", name="我要开票").click()
    notice = page.locator("#receipt-notice")
    assert notice.inner_text() == "温馨提示：您的纸质票据已开具，不支持再次开具电子票据。"
    page.screenshot(path=str(SHOTS / "receipt-paper.png"), full_page=True)
