"""The weekly grid where village cadres work: one household at a time on a phone (375 px), and on a
1366 px screen buttons in view, a household column that stays, folding sections and keyboard entry."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import login
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import services
from fupin.reports.models import Assessment
from fupin.reports.tests.factories import ANSWERS, make_period

PASSWORD = "Fupin-Test-2020"
VILLAGE = "440703101201"


def weeks_with_last_weeks_answers(village_user, numbers):
    households = [HouseholdFactory(region_id=VILLAGE, number=n) for n in numbers]
    week9, week10 = make_period(iso_week=9), make_period(iso_week=10)
    for h in households:
        services.save_assessment(by=village_user, period=week9, household=h, answers=ANSWERS)
    return week10


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_cadre_records_two_households_one_card_at_a_time(page, village_user):
    week = weeks_with_last_weeks_answers(village_user, ["H0001", "H0002"])
    login(page, "village", PASSWORD)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(page.base_url + reverse("reports:village_grid", args=[week.pk, VILLAGE]))

    card = page.locator("#grid tr.current")
    expect(page.locator("#card-progress")).to_have_text("1/2")
    expect(card).to_have_attribute("data-number", "H0001")
    expect(page.locator("tr[data-number=H0002]")).to_be_hidden()
    assert no_horizontal_scroll(page)

    card.locator("input[name=members_not_back]").fill("1")
    card.locator("button.save").click()
    expect(page.locator("#card-progress")).to_have_text("2/2")
    expect(card).to_have_attribute("data-number", "H0002")
    card.locator("button.carry").click()
    expect(page.locator("#remaining")).to_contain_text("剩余 0 户")
    page.get_by_role("button", name="‹ 上一户").click()
    expect(page.locator("#card-progress")).to_have_text("1/2")

    saved = {
        a.household.number: a for a in Assessment.objects.filter(period=week).select_related("household")
    }
    assert saved["H0001"].members_not_back == 1 and saved["H0001"].source != "carry"
    assert saved["H0002"].source == "carry" and saved["H0002"].income_lost == ANSWERS["income_lost"]


@pytest.mark.django_db(transaction=True)
def test_at_1366_px_the_buttons_and_the_household_column_stay_in_view(page, village_user):
    week = weeks_with_last_weeks_answers(village_user, ["H0001", "H0002", "H0003"])
    login(page, "village", PASSWORD)
    page.goto(page.base_url + reverse("reports:village_grid", args=[week.pk, VILLAGE]))
    row = page.locator("tr[data-number=H0001]")
    save = row.locator("button.save").bounding_box()
    assert save["x"] + save["width"] <= 1366 and no_horizontal_scroll(page)

    # Scrolled right, then a row saved: the table stays where it was, 户编号/户主 still in view.
    wrap = page.locator("#grid-wrap")
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth }")
    left = wrap.evaluate("el => el.scrollLeft")
    assert left > 0
    row.locator("input[name=notes]").fill("已核实")
    row.locator("button.save").click()
    expect(page.locator("tr[data-number=H0001] .badge-ok")).to_have_text("已填")
    assert abs(wrap.evaluate("el => el.scrollLeft") - left) <= 1
    household = page.locator("tr[data-number=H0001] .hh").bounding_box()
    assert abs(household["x"] - wrap.bounding_box()["x"]) <= 2
    assert Assessment.objects.get(period=week, household__number="H0001").notes == "已核实"

    # Keyboard: Enter to the next cell, arrow down to the next household, Ctrl+S saves it.
    page.locator("tr[data-number=H0002] input[name=members_not_back]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("tr[data-number=H0002] input[name=members_wanting_work]")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("tr[data-number=H0003] input[name=members_wanting_work]")).to_be_focused()
    page.keyboard.type("0")  # the cell's value is selected on arrival: typing replaces it
    page.keyboard.press("Control+s")
    expect(page.locator("tr[data-number=H0003] .badge-ok")).to_have_text("已填")
    assert Assessment.objects.get(period=week, household__number="H0003").members_wanting_work == 0

    # A folded section stays folded on the next visit.
    page.locator("[data-fold=epidemic]").click()
    expect(page.locator("tr[data-number=H0002] input[name=confirmed_members]")).to_be_hidden()
    page.reload()
    expect(page.locator("tr[data-number=H0002] input[name=confirmed_members]")).to_be_hidden()
    expect(page.locator("tr[data-number=H0002] input[name=members_not_back]")).to_be_visible()
