"""Journey: the town files a problem item, the village rectifies and asks to close, the town returns it,
the village completes it, the town closes it; the board and the export show it closed."""

import datetime

import openpyxl
import pytest

from e2e.conftest import login
from fupin.registry.tests.factories import HouseholdFactory

PASSWORD = "Fupin-Test-2020"


def logout(page):
    page.click("button:has-text('退出')")
    page.wait_for_url(lambda url: "/accounts/login/" in url)


@pytest.mark.django_db(transaction=True)
def test_problem_item_is_returned_then_closed_and_shows_closed(
    page, town_user, village_user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    household = HouseholdFactory(region_id="440703101201")
    deadline = (datetime.date.today() + datetime.timedelta(days=15)).isoformat()

    # The town creates a problem item for the household.
    login(page, town_user.username, PASSWORD)
    page.goto(page.base_url + "/ledgers/items/new/")
    page.select_option("#id_kind", "problem")
    page.select_option("#id_category", "water")
    page.fill("#id_household_number", household.number)
    page.fill("#id_description", "饮水水质检测未达标")
    page.fill("#id_deadline", deadline)
    page.click("button:has-text('保存')")
    page.wait_for_url("**/ledgers/items/*/")
    item_url = page.url
    assert "未整改" in page.inner_text("h1")
    logout(page)

    # The village adds progress and evidence and asks to close.
    login(page, village_user.username, PASSWORD)
    page.goto(item_url)
    page.fill("#progress-form textarea[name=text]", "已更换入户水管，送检")
    page.click("#progress-form button")
    assert "整改中" in page.inner_text("h1")
    evidence = tmp_path / "水质检测报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% report\n")
    page.set_input_files("#evidence-form input[type=file]", str(evidence))
    page.click("#evidence-form button")
    assert page.locator("text=水质检测报告.pdf").count() == 1
    page.click(".transition-request_close button")
    assert "申请销号" in page.inner_text("h1")
    logout(page)

    # The town returns it with a reason.
    login(page, town_user.username, PASSWORD)
    page.goto(item_url)
    page.fill(".transition-return input[name=reason]", "检测报告缺少盖章")
    page.click(".transition-return button")
    assert "整改中" in page.inner_text("h1")
    assert "检测报告缺少盖章" in page.inner_text(".return-reason")
    logout(page)

    # The village completes it and asks again.
    login(page, village_user.username, PASSWORD)
    page.goto(item_url)
    page.fill("#evidence-form textarea[name=text]", "已补盖章的检测报告（纸质存档）")
    page.click("#evidence-form button")
    page.click(".transition-request_close button")
    assert "申请销号" in page.inner_text("h1")
    assert page.locator(".transition-close").count() == 0  # the village cannot close
    logout(page)

    # The town closes it; the board and the export show it closed.
    login(page, town_user.username, PASSWORD)
    page.goto(item_url)
    page.click(".transition-close button")
    assert "已销号" in page.inner_text("h1")
    page.goto(page.base_url + "/ledgers/")
    assert page.get_attribute("#board-problem [data-closed]", "data-closed") == "1"
    page.goto(page.base_url + "/ledgers/items/?kind=problem")
    with page.expect_download() as download_info:
        page.click("text=导出 Excel")
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.values)
    header, data = list(rows[2]), rows[3]
    assert data[header.index("问题描述")] == "饮水水质检测未达标"
    assert data[header.index("整改状态")] == "已销号"
    assert data[header.index("销号日期")] == datetime.date.today().isoformat()
