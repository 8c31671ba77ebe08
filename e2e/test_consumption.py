"""Journey (issue 18): a canteen buyer signs in, finds 滞销 vegetables, posts a demand; the district office
runs the matching (a background job) and confirms for the supplier's side; the buyer confirms and orders;
the supplier's town sees the sale and the board moves."""

import pytest

from e2e.conftest import login

PASSWORD = "Fupin-Test-2020"


def logout(page):
    page.click("button:has-text('退出')")
    page.wait_for_url(lambda url: "/accounts/login/" in url)


@pytest.mark.django_db(transaction=True)
def test_canteen_finds_unsold_vegetables_is_matched_orders_and_the_board_moves(
    page, buyer_user, district_user, town_user, settings, tmp_path
):
    settings.VAR_DIR = tmp_path / "var"
    page.set_default_navigation_timeout(120_000)  # a loaded shared machine answers the first page slowly
    from fupin.consumption.tests.factories import ListingFactory

    unsold = ListingFactory(product="滞销菜心", quantity=500, unsold="village", region_code="440703101201")
    ListingFactory(product="番茄", category="vegetable", quantity=500, region_code="440703102201")

    login(page, buyer_user.username, PASSWORD)
    page.goto(page.base_url + "/consumption/market/?unsold=true")
    assert "滞销菜心" in page.inner_text("table.list") and "番茄" not in page.inner_text("table.list")
    page.goto(page.base_url + "/consumption/market/demands/new/")
    page.select_option("#id_category", "vegetable")
    page.fill("#id_quantity", "300")
    page.click("button:has-text('保存')")
    page.wait_for_url("**/consumption/market/demands/")
    logout(page)

    login(page, district_user.username, PASSWORD)
    page.goto(page.base_url + "/consumption/demands/")
    page.fill("input[name=region_code]", "440703000000")
    page.click("#run-matching")
    page.wait_for_selector(".job-progress[data-status=succeeded]", timeout=60000)
    page.goto(page.base_url + "/consumption/demands/")
    page.locator("a[href*='/consumption/matching/']").first.click()
    assert "滞销产品优先" in page.inner_text("#proposals")
    page.click("button:has-text('供应方确认')")
    page.wait_for_selector(".messages")
    logout(page)

    login(page, buyer_user.username, PASSWORD)
    page.goto(page.base_url + "/consumption/market/demands/")
    page.locator("#my-proposals button:has-text('确认')").first.click()
    page.wait_for_selector(".messages")
    page.locator("#my-proposals button:has-text('下单')").first.click()
    page.wait_for_selector(".messages")
    logout(page)

    login(page, town_user.username, PASSWORD)
    page.goto(page.base_url + f"/consumption/listings/{unsold.pk}/")
    assert page.inner_text("#remaining").strip() == "200"
    assert "测试食堂" in page.inner_text("#sales")
    logout(page)

    login(page, district_user.username, PASSWORD)
    page.goto(page.base_url + "/consumption/")
    assert page.inner_text("#kpi-quantity").strip() == "300"
    assert page.inner_text("#kpi-unsold").strip() == "300"
