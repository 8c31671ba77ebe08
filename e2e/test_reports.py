"""Weekly tracking journey: a village fills and submits its week, the town returns it, the village fixes
and resubmits, town and district approve, the city dashboard shows the numbers, and edits are refused."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import login
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports.tests.factories import make_period, report_of

PASSWORD = "Fupin-Test-2020"


def switch_user(page, username):
    if page.locator(".usermenu").count():
        page.locator(".usermenu button", has_text="退出").click()
        page.wait_for_load_state()
    login(page, username, PASSWORD)


def save_row(page, number, fill):
    row = page.locator(f"tr[data-number='{number}']")
    fill(row)
    row.locator("button.save").click()
    expect(page.locator(f"tr[data-number='{number}'] .badge-ok")).to_have_text("已填")


@pytest.mark.django_db(transaction=True)
def test_village_week_goes_from_grid_through_return_and_approvals_to_the_city_dashboard(
    page, village_user, town_user, district_user, city_user
):
    HouseholdFactory(region_id="440703101201", number="H0001")
    HouseholdFactory(region_id="440703101201", number="H0002")
    period = make_period(iso_week=8)
    report = report_of(period)
    grid = page.base_url + reverse("reports:village_grid", args=[period.pk, "440703101201"])
    detail = page.base_url + reverse("reports:report_detail", args=[report.pk])

    # The village cadre fills the grid row by row and submits.
    switch_user(page, "village")
    page.goto(grid)
    expect(page.locator("#remaining")).to_contain_text("剩余 2 户")
    save_row(page, "H0001", lambda row: row.locator("input[name=members_not_back]").fill("2"))
    save_row(page, "H0002", lambda row: row.locator("input[name=farming_disrupted]").check())
    expect(page.locator("#remaining")).to_contain_text("剩余 0 户")
    page.get_by_role("button", name="上报").click()
    expect(page.locator("#report-status")).to_have_text("已上报")

    # The town returns it with a reason.
    switch_user(page, "town")
    page.goto(detail)
    page.locator("#action-return input[name=reason]").fill("H0001 未返岗人数应为3人")
    page.locator("#action-return button").click()
    expect(page.locator("#report-status")).to_have_text("已退回")

    # The cadre sees the reason, fixes the row and resubmits.
    switch_user(page, "village")
    page.goto(grid)
    expect(page.locator("#return-reason")).to_contain_text("未返岗人数应为3人")
    save_row(page, "H0001", lambda row: row.locator("input[name=members_not_back]").fill("3"))
    page.get_by_role("button", name="上报").click()
    expect(page.locator("#report-status")).to_have_text("已上报")

    # Town, then district approve.
    switch_user(page, "town")
    page.goto(detail)
    page.locator("#action-approve button").click()
    expect(page.locator("#report-status")).to_have_text("镇已审核")
    switch_user(page, "district")
    page.goto(detail)
    page.locator("#action-approve button").click()
    expect(page.locator("#report-status")).to_have_text("区已审核")

    # The city dashboard shows the numbers.
    switch_user(page, "city")
    page.goto(page.base_url + reverse("reports:home") + f"?region=4407&period={period.pk}")
    expect(page.locator(".stat[data-indicator=not_back] .value")).to_have_text("3")
    expect(page.locator(".stat[data-indicator=hh_production] .value")).to_have_text("1")
    expect(page.locator("#chart-trend canvas")).to_have_count(1)

    # An edit after approval is refused: the grid is locked and a forged save is rejected.
    switch_user(page, "village")
    page.goto(grid)
    expect(page.get_by_text("已锁定，不能修改")).to_be_visible()
    expect(page.locator("button.save")).to_have_count(0)
    household_id = page.locator("tr[data-number='H0001']").get_attribute("id").split("-")[1]
    save_url = reverse("reports:save_row", args=[period.pk, "440703101201", household_id])
    text = page.evaluate(
        """async (url) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const r = await fetch(url, {method: 'POST', headers: {'X-CSRFToken': token, 'HX-Request': 'true',
                'Content-Type': 'application/x-www-form-urlencoded'}, body: 'members_not_back=9'});
            return await r.text();
        }""",
        save_url,
    )
    assert re.search("锁定", text)
    assert report_of(period).status == "approved"
