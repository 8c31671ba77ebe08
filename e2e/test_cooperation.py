"""Journey of issue 19: 天等县's office signs in, confirms its labour figure and enters a cadre exchange with
evidence; the city approves it; the cooperation board turns the indicator green."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from e2e.conftest import login
from fupin.cooperation.models import Indicator, IndicatorEntry
from fupin.cooperation.tests.factories import IndicatorFactory, PairingFactory

PASSWORD = "Fupin-Test-2020"


def logout(page):
    page.click("button:has-text('退出')")
    page.wait_for_url(lambda url: "/accounts/login/" in url)


def light_on_board(page, indicator):
    page.goto(page.base_url + "/cooperation/")
    return page.locator(f"tr[data-indicator='{indicator.pk}'] [data-light]").get_attribute("data-light")


@pytest.mark.django_db(transaction=True)
def test_the_county_confirms_and_enters_the_city_approves_and_the_board_turns_green(
    page, counterpart_user, city_user
):
    PairingFactory()
    labour = IndicatorFactory(
        name="帮助贫困劳动力转移就业（人）", area="labour", rule="placed", target=Decimal(300),
        confirm_by=datetime.date(2099, 1, 15),
    )  # fmt: skip
    cadres = IndicatorFactory(name="选派党政干部挂职（人）", target=Decimal(1))

    login(page, counterpart_user.username, PASSWORD)
    page.goto(page.base_url + f"/cooperation/indicators/{labour.pk}/")
    assert "待协作地确认" in page.inner_text("#confirm-state")
    page.click("#confirm-figure")
    assert "协作地已确认" in page.inner_text("#confirm-state")

    page.goto(page.base_url + f"/cooperation/indicators/{cadres.pk}/")
    page.fill("#entry-form input[name=month]", "2020-06")
    page.fill("#entry-form input[name=value]", "1")
    page.fill("#entry-form textarea[name=evidence]", "蓬江区委组织部选派文件（江蓬组〔2020〕12号）及报到证明")
    page.click("#entry-form button:has-text('保存草稿')")
    page.wait_for_url("**/cooperation/entries/*/")
    entry_url = page.url
    page.click("#move-submit")
    assert "已提交" in page.inner_text("#entry-status")
    assert light_on_board(page, cadres) == "red"
    logout(page)

    login(page, city_user.username, PASSWORD)
    page.goto(entry_url)
    page.click("#move-approve")
    assert "已审核" in page.inner_text("#entry-status")
    assert light_on_board(page, cadres) == "green"
    expect(page.locator("#chart-shares canvas")).to_have_count(1)  # ECharts drew the board's charts
    expect(page.locator("#chart-trend canvas")).to_have_count(1)

    assert Indicator.objects.get(pk=labour.pk).confirmed_on is not None
    entry = IndicatorEntry.objects.get(indicator=cadres)
    assert (entry.status, entry.month, entry.approved_by_id) == (
        "approved",
        datetime.date(2020, 6, 1),
        city_user.pk,
    )
