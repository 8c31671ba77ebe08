"""The frame of every page at the sizes cadres use: a phone (375 px), where the menu folds behind a button so
the page's content comes first, and a 1366 px screen in English, where the widest lists fit without a
horizontal scroll."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import login
from fupin.funds.tests.factories import AllocationFactory
from fupin.ledgers.tests.factories import LedgerItemFactory
from fupin.registry.tests.factories import household_with_members

PASSWORD = "Fupin-Test-2020"
PHONE = {"width": 375, "height": 667}
# The widest lists: many columns, long English headers and labels.
WIDE_LISTS = [
    "registry:household_list",
    "ledgers:item_list",
    "ledgers:supervision_list",
    "funds:allocation_list",
    "funds:disbursement_list",
    "finance:loan_list",
    "monitoring:case_list",
    "employment:laborer_list",
]


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_menu_folds_behind_a_button_and_the_page_content_comes_first(page, city_user):
    login(page, "city", PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + reverse("registry:household_list"))

    heading = page.locator("main h1").first
    expect(heading).to_be_visible()
    assert heading.bounding_box()["y"] < PHONE["height"] / 6  # under a one-line bar, not a third down
    assert page.locator("header.topbar").bounding_box()["height"] < 60
    expect(page.locator("#mainnav")).to_be_hidden()
    assert no_horizontal_scroll(page)

    page.locator("label.menu-button").click()
    expect(page.locator("#mainnav")).to_be_visible()
    expect(page.locator("#mainnav a").first).to_be_visible()
    expect(page.locator(".usermenu")).to_be_visible()
    assert no_horizontal_scroll(page)

    page.locator("label.menu-button").click()
    expect(page.locator("#mainnav")).to_be_hidden()


@pytest.mark.django_db(transaction=True)
def test_on_a_wide_screen_the_menu_stays_in_one_line_without_the_button(page, city_user):
    login(page, "city", PASSWORD)
    page.goto(page.base_url + reverse("registry:household_list"))

    expect(page.locator("label.menu-button")).to_be_hidden()
    expect(page.locator("#mainnav")).to_be_visible()
    assert page.locator("header.topbar").bounding_box()["height"] < 70


@pytest.mark.django_db(transaction=True)
def test_english_lists_fit_a_1366_px_screen_without_horizontal_scroll(page, city_user):
    for _ in range(3):
        household_with_members(3, region_id="440703101201")
    LedgerItemFactory(region_code="440703101201")
    AllocationFactory(region_id="440703101000")
    login(page, "city", PASSWORD)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    wide = []
    for name in WIDE_LISTS:
        page.goto(page.base_url + reverse(name))
        assert page.locator("html").get_attribute("lang") == "en"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 1366:
            wide.append((name, width))
    assert wide == []


@pytest.mark.django_db(transaction=True)
def test_on_a_1280_px_screen_in_english_every_link_of_the_bar_stays_on_the_screen(page, town_user):
    town_user.display_name = "棠下镇扶贫工作组"  # the account of a unit, named as units name theirs
    town_user.save(update_fields=["display_name"])
    login(page, "town", PASSWORD)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + reverse("registry:household_list"))

    sign_out = page.locator(".usermenu").get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    box = sign_out.bounding_box()
    assert box["x"] + box["width"] <= 1280
    assert no_horizontal_scroll(page)
