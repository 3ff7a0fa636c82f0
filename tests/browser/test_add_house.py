"""添加房屋 on a phone: look a house up by 网签合同编号, submit, see it bound (无需审核); a house of
someone else goes to the 管理部 (需审核), the reviewer rejects it in the browser, the owner reads why."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tests.e2e.helpers import eventually, fresh_id_number
from tests.e2e.registry_helpers import PASSWORD, fresh_contract_no, import_house, new_account

# lina gets a house bound here: the modules after this one see DESIGN §4.4 again
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_back_after_module")]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _login(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/(home|admin)$"))  # a reviewer lands on their console


def _add_by_contract(page, contract_no: str, phone: str) -> None:
    page.get_by_role("link", name="添加房屋").first.click()
    page.wait_for_url(re.compile(r"/houses/add$"))
    page.get_by_label("造册方式").select_option(label="网签合同编号")
    page.get_by_label("合同编号").fill(contract_no)
    page.get_by_label("房屋类型").select_option("商品房")
    page.get_by_role("button", name="查询").click()
    page.locator("#house-found").wait_for()
    page.locator("#submit-form").get_by_label("联系电话").fill(phone)
    page.locator("#submit-form").get_by_role("button", name="提交").click()
    page.locator("#registration-result").wait_for()


def test_add_house_flow_bound_then_reviewed(page, browser, suite: str, tmp_path: Path) -> None:
    _, username, id_number = new_account(suite, "吴九")
    mine, others = fresh_contract_no(), fresh_contract_no()
    address = f"朝阳区浏览器测试路{random.randint(1, 999)}号院2号楼3单元{random.randint(101, 2999)}"
    import_house(tmp_path, "吴九", id_number, "110105", mine, address)
    other_address = address.replace("2号楼", "5号楼")
    import_house(tmp_path, "郑十", fresh_id_number(), "110105", others, other_address)

    _login(page, username, PASSWORD)
    assert page.get_by_role("heading", name="暂无房屋").is_visible()
    _add_by_contract(page, mine, "13912345678")
    # the 查询 step showed the house and chose its district; the result says no review was needed
    assert page.get_by_text("无需审核", exact=True).is_visible()
    assert address in page.locator("#registration-result").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "add-house-bound.png"), full_page=True)
    page.get_by_role("link", name="返回首页").click()

    def home_shows_the_house() -> bool:  # the home page's copies catch up with HouseBound within moments
        if (
            page.locator("#my-houses .count").count()
            and page.locator("#my-houses .count").inner_text() == "1"
        ):
            return True
        page.reload()
        return False

    eventually(home_shows_the_house, "the new house on the home page")
    assert address in page.locator("#my-houses").inner_text()

    _add_by_contract(page, others, "13912345678")
    assert page.get_by_text("需审核", exact=True).is_visible()
    assert "朝阳区管理部" in page.content()
    page.screenshot(path=str(SHOTS / "add-house-pending.png"), full_page=True)

    reviewer = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=suite)
    review = reviewer.new_page()
    try:
        _login(review, "reviewer_chaoyang", "Demo@2026")
        review.get_by_role("link", name="待审核", exact=True).click()
        card = review.locator("article.registration", has_text=other_address)
        card.get_by_role("link", name="审核").click()
        assert "吴*" in review.content() and "郑*" in review.content() and "吴九" not in review.content()
        review.get_by_role("button", name="显示申请人完整信息").click()
        assert "吴九" in review.content()
        review.get_by_label("审核意见").fill("请上传购房合同")
        review.get_by_role("button", name="驳回").click()
        review.wait_for_url(re.compile(r"/admin/registrations"))
        assert "已处理：已驳回" in review.content()
        assert other_address not in review.content()
    finally:
        reviewer.close()

    page.goto("/registrations")
    rejected = page.locator("article.registration", has_text=other_address)
    assert "已驳回" in rejected.inner_text() and "请上传购房合同" in rejected.inner_text()
    bound = page.locator("article.registration", has_text=address).first
    assert "已添加" in bound.inner_text()
    page.screenshot(path=str(SHOTS / "registrations.png"), full_page=True)


def test_add_house_shows_only_the_chosen_methods_fields(page) -> None:
    """Item 5: progressive disclosure, the upload visible from the start, the result in view and focused,
    the phone prefilled from the account; placeholders are no demo records."""
    from maintfund_dev import demo

    _login(page, "lina", demo.DEMO_PASSWORD)
    page.goto("/houses/add")
    assert "如 Y2024000123" not in page.content() and demo.LIU_YANG_HOUSE.cert_no not in page.content()
    assert page.get_by_label("合同编号").is_visible() and not page.get_by_label("证号").is_visible()
    assert not page.locator("#files").is_visible()
    page.get_by_label("造册方式").select_option(label="不动产权证号")
    assert page.get_by_label("证号").is_visible() and not page.get_by_label("合同编号").is_visible()
    page.get_by_label("造册方式").select_option(label="上传证明材料")
    # the upload form at once, no 查询 first; the phone is the account's, masked
    assert page.locator("#files").is_visible() and page.locator("#address").is_visible()
    assert not page.get_by_role("button", name="查询").is_visible()
    assert not page.get_by_label("合同编号").is_visible() and not page.get_by_label("证号").is_visible()
    phone = page.locator("#proof-form").get_by_label("联系电话").input_value()
    assert re.fullmatch(r"1\d{2}\*{4}\d{4}", phone), phone

    page.get_by_label("造册方式").select_option(label="网签合同编号")
    page.get_by_label("合同编号").fill(demo.LINA_HOUSE.contract_no)
    page.get_by_role("button", name="查询").click()
    found = page.locator("#house-found")
    found.wait_for()
    assert page.evaluate("() => document.activeElement.id") == "house-found"
    top = page.evaluate("() => document.getElementById('house-found').getBoundingClientRect().top")
    assert 0 <= top < 844 / 2  # brought up into view, not below the fold
    assert not page.locator("#files").is_visible()
    assert page.locator("#submit-form").get_by_label("联系电话").input_value() == phone
    page.locator("#submit-form").get_by_role("button", name="提交").click()  # the prefilled phone kept
    assert page.get_by_text("无需审核", exact=True).is_visible()
