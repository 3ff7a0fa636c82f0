"""The reviewer's console on a phone (issue 18, item 7): its own home and navigation (no owner home), the
queue, the applicant masked until an explicit, audited reveal, 申请人 ≠ 登记产权人 highlighted, and 审核通过
asking for confirmation."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text

from maintfund_dev import demo

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_demo")]


def _login(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def _reveals() -> int:
    import devctl

    engine = create_engine(devctl.database_url("registry"))
    with engine.connect() as conn:
        count = conn.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'REVEAL_APPLICANT'")
        ).scalar()
    engine.dispose()
    return int(count or 0)


def test_reviewer_console_masks_reveals_with_audit_and_confirms(browser, suite: str) -> None:
    owner = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=suite)
    lina = owner.new_page()
    _login(lina, "lina")
    lina.wait_for_url(re.compile(r"/home$"))
    lina.goto("/houses/add")
    lina.get_by_label("造册方式").select_option(label="网签合同编号")
    lina.get_by_label("合同编号").fill(demo.OTHER_CHAOYANG.contract_no)
    lina.get_by_role("button", name="查询").click()
    lina.locator("#submit-form").get_by_role("button", name="提交").click()
    assert lina.get_by_text("需审核", exact=True).is_visible()
    owner.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=suite)
    page = context.new_page()
    _login(page, "reviewer_chaoyang")
    # the console of their own: 工作台, not the owner home
    page.wait_for_url(re.compile(r"/admin$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("审核工作台")
    nav = page.get_by_role("navigation", name="审核工作台")
    assert [a.inner_text() for a in nav.get_by_role("link").all()] == ["工作台", "待审核", "帮助"]
    body = page.content()
    assert "证件号码" not in body and "暂无房屋" not in body and "添加房屋" not in body
    page.goto("/home")  # the owner home sends a reviewer to the console
    page.wait_for_url(re.compile(r"/admin$"))
    assert page.locator("#pending-tile .count").inner_text() == "1"

    nav.get_by_role("link", name="待审核").click()
    page.locator("article.registration", has_text=demo.OTHER_CHAOYANG.address).get_by_role(
        "link", name="审核"
    ).click()
    # masked by default; the mismatch with the registered owner (陈*) is highlighted
    assert page.locator("#applicant-name").inner_text() == "李*"
    assert re.fullmatch(r"1\d{2}\*{4}\d{4}", page.locator("#applicant-phone").inner_text())
    assert "李娜" not in page.content()
    assert page.locator("#owner-mismatch").is_visible()
    assert "mismatch" in (page.locator("#applicant-name").get_attribute("class") or "")

    before = _reveals()
    page.get_by_role("button", name="显示申请人完整信息").click()
    assert page.locator("#applicant-name").inner_text() == "李娜"
    assert page.locator("#revealed-note").is_visible()
    assert _reveals() == before + 1  # one audit row per explicit reveal
    page.goto(page.url.replace("/applicant", ""))
    assert page.locator("#applicant-name").inner_text() == "李*"  # a fresh view is masked again

    # 审核通过 asks first; 取消 decides nothing
    page.get_by_role("button", name="审核通过").click()
    confirm = page.locator("#confirm-approve")
    assert confirm.is_visible() and "确认审核通过" in confirm.inner_text()
    confirm.get_by_role("link", name="取消").click()
    assert page.get_by_role("button", name="审核通过").is_visible()
    page.get_by_role("button", name="审核通过").click()
    page.locator("#confirm-approve").get_by_role("button", name="确认通过").click()
    page.wait_for_url(re.compile(r"/admin/registrations\?done="))
    assert "已处理：审核通过" in page.content()
    context.close()
