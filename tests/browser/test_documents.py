"""F10 on a phone: from a house to its 年度结存单 (switch years, download the PDF), issue a 交存证明 and
download it, check its code without logging in (right code, wrong code, malformed code), and see what
H1's lift-repair apportionment paid for, with the projects of its building."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from maintfund_common.money import format_yuan
from maintfund_dev import demo
from tests.browser.a11y import seen

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
AMOUNT = re.compile(r"^(-?)¥([\d,]+)\.(\d\d)$")


def login(page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))


def fen(text: str) -> int:
    """``"-¥1,234.50"`` → -123450 (the pages' money format)."""
    sign, yuan, cents = AMOUNT.match(text.strip()).groups()  # type: ignore[union-attr]
    value = int(yuan.replace(",", "")) * 100 + int(cents)
    return -value if sign else value


def download_text(page, link, tmp_path: Path, name: str) -> str:
    """Click a PDF link, save the download, read it back with poppler's pdftotext."""
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / name
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    read = subprocess.run(["pdftotext", "-layout", str(saved), "-"], capture_output=True, check=True)
    return read.stdout.decode()


def house_page(page, house: demo.DemoHouse) -> None:
    """My houses → the house's card → 查看详情 (as an owner gets there)."""
    page.goto("/houses")
    page.locator("article.house", has_text=house.address).get_by_role("link", name="查看详情").click()
    expect(page.get_by_role("heading", name="房屋详情")).to_be_visible()


def test_annual_statement_from_the_house_page(page, tmp_path: Path) -> None:
    login(page, "zhangwei")
    house_page(page, demo.H1)
    this_year = (datetime.now(UTC) + timedelta(hours=8)).year
    page.locator("#house-documents").get_by_role("link", name="年度结存单").click()
    page.wait_for_url(re.compile(rf"/statements/{this_year}$"))  # this Beijing year first
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{this_year}年度结存单")
    assert page.get_by_role("link", name=f"{this_year + 1}年 ›").count() == 0  # no statement of the future

    page.get_by_role("link", name=f"‹ {this_year - 1}年").click()
    page.wait_for_url(re.compile(rf"/statements/{this_year - 1}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{this_year - 1}年度结存单")
    fields = ("opening", "deposits", "interest", "apportionments", "refunds", "closing")
    totals = {k: fen(seen(page.locator(f"#{k}"))) for k in fields}
    movements = totals["deposits"] + totals["interest"] + totals["apportionments"] + totals["refunds"]
    assert totals["opening"] + movements == totals["closing"] and totals["closing"] > 0
    assert page.locator("#statement-entries li").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "statement.png"), full_page=True)

    text = download_text(page, page.get_by_role("link", name="下载结存单（PDF）"), tmp_path, "statement.pdf")
    assert f"{this_year - 1}年度结存单" in text
    assert format_yuan(totals["closing"]).removeprefix("¥") in text  # the closing balance, to the fen

    page.get_by_role("link", name=f"{this_year}年 ›").click()  # and forward again
    page.wait_for_url(re.compile(rf"/statements/{this_year}$"))
    assert fen(seen(page.locator("#opening"))) == totals["closing"]  # last year's closing carries over

    first = min(int(d.paid_at[:4]) for d in demo.DEPOSITS if d.house.key == "H1")  # H1's first entry
    page.goto(page.url.replace(f"/statements/{this_year}", f"/statements/{first}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{first}年度结存单")
    assert fen(seen(page.locator("#opening"))) == 0  # nothing before the first entry
    assert page.get_by_role("link", name=f"‹ {first - 1}年").count() == 0  # no link to a year without one
    page.get_by_role("link", name="‹ 房屋详情").click()
    expect(page.get_by_role("heading", name="房屋详情")).to_be_visible()


def test_issue_a_certificate_and_verify_its_code_anonymously(
    page, browser, suite: str, tmp_path: Path
) -> None:
    login(page, "zhangwei")
    house_page(page, demo.H3)
    page.locator("#house-documents").get_by_role("link", name="交存证明").click()
    expect(page.get_by_role("heading", name="交存证明", exact=True)).to_be_visible()
    page.get_by_role("button", name="开具交存证明").click()
    expect(page.locator("#certificate-verdict")).to_have_text("该房屋维修资金已足额交存。")
    code = page.locator("#certificate-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code), code
    page.screenshot(path=str(SHOTS / "certificate.png"), full_page=True)
    pdf_link = page.get_by_role("link", name="下载交存证明（PDF）")
    text = download_text(page, pdf_link, tmp_path, "certificate.pdf")
    assert code in text and "北京市住房资金管理中心" in text

    # someone at the registration centre's counter, not logged in, on a phone
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=suite)
    try:
        anonymous = context.new_page()
        anonymous.goto("/certificates/verify")
        anonymous.get_by_label("验证码").fill(code)
        anonymous.get_by_role("button", name="查验").click()
        result = anonymous.locator("#verify-result")
        expect(result.get_by_role("heading")).to_have_text("查验结果：证明有效")
        assert anonymous.locator("#verify-fully-paid").inner_text() == "已足额交存"
        shown = result.inner_text()
        assert "丰台区" in shown and demo.H3.address not in shown  # the address masked
        for secret in (demo.ZHANG_WEI.name, demo.ZHANG_WEI.id_number, "张*", "1238"):
            assert secret not in anonymous.content()
        anonymous.screenshot(path=str(SHOTS / "certificate-verify.png"), full_page=True)

        anonymous.get_by_label("验证码").fill("0000-0000-0000-0000")  # well formed, issued to no one
        anonymous.get_by_role("button", name="查验").click()
        expect(result.get_by_role("heading")).to_have_text("查验结果：未查到该证明")  # same page, same place
        assert anonymous.locator("#code-error").count() == 0
        assert anonymous.get_by_label("验证码").get_attribute("aria-invalid") is None

        anonymous.get_by_label("验证码").fill("不是验证码")
        anonymous.get_by_role("button", name="查验").click()
        error = anonymous.locator("#code-error")
        expect(error).to_have_text(re.compile(r"^验证码格式不正确"))
        field = anonymous.get_by_label("验证码")
        assert field.get_attribute("aria-invalid") == "true"
        assert field.get_attribute("aria-describedby") == "code-error"
        assert anonymous.locator("#verify-result").count() == 0  # no verdict for a malformed code
        anonymous.screenshot(path=str(SHOTS / "certificate-verify-malformed.png"), full_page=True)
    finally:
        context.close()


def test_h1_apportionment_shows_its_project_and_the_building_projects(page) -> None:
    login(page, "zhangwei")
    house_page(page, demo.H1)
    page.get_by_role("link", name="资金明细").click()
    entry = page.locator("li.entry", has_text="使用分摊").first
    entry.get_by_role("link").click()  # the whole row opens the entry
    expect(page.get_by_role("heading", name="资金详情")).to_be_visible()

    project = page.locator("#project")
    expect(project.get_by_role("heading", level=2)).to_have_text(f"维修项目：{demo.H1_LIFT_PROJECT['name']}")
    amount = fen(seen(page.locator("dt:text-is('发生金额') + dd")))
    assert amount < 0 and fen(seen(page.locator("#project-share"))) == -amount  # 本户分摊 = the entry
    assert fen(seen(page.locator("#project-total"))) == demo.H1_LIFT_PROJECT["total_cost_fen"]
    shown = project.inner_text()
    plainly = (demo.H1_LIFT_PROJECT["reason"], "96 户", "按建筑面积分摊", "2026-04-16", "电梯更新改造报价单")
    for plain in plainly:
        assert plain in shown, plain
    assert page.locator("#project-documents li").count() == len(demo.H1_LIFT_PROJECT["documents"])
    page.screenshot(path=str(SHOTS / "entry-project.png"), full_page=True)

    project.get_by_role("link", name="本楼栋的维修项目").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("本楼栋的维修项目")
    assert "朝阳区望京西园三区312号楼" in page.content()
    cards = page.locator("section.building-project")
    assert cards.count() == 1
    card = cards.first
    expect(card.get_by_role("heading")).to_have_text(demo.H1_LIFT_PROJECT["name"])
    assert format_yuan(-amount) in card.inner_text() and "（1 户）" in card.inner_text()
    page.screenshot(path=str(SHOTS / "building-projects.png"), full_page=True)
