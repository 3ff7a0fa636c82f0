"""An owner on a phone: log in, see the home, filter my houses, open a house and its fund details."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.a11y import seen

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_login_to_my_houses_and_fund_details(page) -> None:
    page.goto("/")
    page.get_by_role("link", name="北京市统一身份认证平台登录").click()
    page.get_by_label("用户名").fill("zhangwei")
    page.get_by_label("密码").fill("Demo@2026")
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(re.compile(r"/home$"))
    assert page.get_by_role("heading", name=re.compile("我的房屋")).is_visible()
    assert page.locator("#my-houses .count").inner_text() == "3"
    for card in ("个人信息", "我要交款", "我要查询", "我的交存记录"):
        assert page.get_by_text(card, exact=True).first.is_visible()
    assert "110105********1238" in page.content()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)

    page.get_by_role("link", name="更多").click()
    page.get_by_placeholder("输入房屋地址查询").fill("朝阳区")
    page.get_by_role("button", name="查询").click()
    cards = page.locator("article.house")
    assert cards.count() == 1
    assert "朝阳区望京西园三区312号楼2单元1503" in cards.first.inner_text()

    cards.first.get_by_role("link", name="查看详情").click()
    assert seen(page.locator("#first-deposit")) == "¥17,900.00"
    page.screenshot(path=str(SHOTS / "house.png"), full_page=True)
    page.get_by_role("link", name="资金明细").click()
    entries = page.locator("li.entry")
    assert entries.count() >= 5
    assert "使用分摊" in page.content()
    entries.last.get_by_role("link").click()  # the whole row is the link
    assert "首次交存" in page.content() and "开票成功" in page.content()


def test_home_without_houses_offers_add_house(page) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill("lina")
    page.get_by_label("密码").fill("Demo@2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))
    assert page.get_by_role("heading", name="暂无房屋").is_visible()
    assert page.get_by_role("link", name="添加房屋").first.is_visible()
