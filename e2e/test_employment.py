"""Journey (issue 6): a town cadre runs the matching for the town (a background job whose progress page
follows it to the end), reviews the proposals with their reasons, confirms two, records one placement,
and sees the board change."""

import pytest

from e2e.conftest import login


@pytest.mark.django_db(transaction=True)
def test_town_cadre_matches_confirms_places_and_sees_the_board_change(page, town_user, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    from fupin.employment.tests.factories import LaborerFactory, VacancyFactory
    from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

    for name in ("陈大文", "李小红", "黄阿明"):
        member = MemberFactory(household=HouseholdFactory(region_id="440703101201"), name=name)
        LaborerFactory(member=member, desired_industries="C", skills="电工")
    VacancyFactory(post="电工", seats=3, skills="电工", region_code="440703101000")

    login(page, "town", "Fupin-Test-2020")
    page.goto(page.base_url + "/employment/")
    assert page.inner_text("#kpi-week").strip() == "0"
    assert page.inner_text("#kpi-filled").strip() == "0"

    page.click("text=精准对接")
    page.select_option("select[name=region]", "440703101000")
    page.click("#run-matching")
    page.wait_for_url("**/employment/matching/runs/*/")
    page.wait_for_selector(".job-progress[data-status=succeeded]", timeout=60000)
    assert "匹配完成：推荐 3 对。" in page.inner_text(".job-progress")
    assert page.inner_text("#proposal-count").strip() == "3"
    page.click("#open-proposals")
    page.wait_for_selector("#proposals")
    rows = page.locator("tr.proposal")
    assert rows.count() == 3
    reasons = page.inner_text("#proposals")
    assert "行业对口" in reasons and "技能符合 1/1 项：电工" in reasons

    for _ in range(2):
        page.locator("tr.proposal button.confirm").first.click()
        page.wait_for_selector(".messages")
    assert page.locator("tr.proposal button.confirm").count() == 1

    page.locator("tr.proposal a", has_text="跟进").first.click()
    page.click("#advance")  # interview
    page.wait_for_selector("text=已面试")
    page.click("#advance")  # placed
    page.wait_for_selector("text=已上岗")

    page.goto(page.base_url + "/employment/")
    assert page.inner_text("#kpi-week").strip() == "1"
    assert page.inner_text("#kpi-filled").strip() == "1"
    assert page.inner_text("#kpi-return").startswith("33.3")
