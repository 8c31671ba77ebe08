"""The region picker: a region typed by name, suggestions within the user's scope, the code on hover."""

import datetime

import pytest
from django.urls import reverse

from fupin.funds.models import Allocation
from fupin.funds.tests.factories import FundFactory
from fupin.regions.fields import RegionField

pytestmark = pytest.mark.django_db
TOWN = "440703101000"


def _allocation_form(fund, region, **extra):
    return {
        "fund": fund.pk,
        "region": region,
        "amount": "400000",
        "document_number": "蓬扶〔2020〕3号",
        "date": datetime.date(2020, 4, 2).isoformat(),
        **extra,
    }


def test_a_district_allocates_to_a_town_typed_by_name(client, district_user):
    fund = FundFactory()
    client.force_login(district_user)

    response = client.post(reverse("funds:allocation_create"), _allocation_form(fund, "棠下镇"))

    assert response.status_code == 302
    assert Allocation.objects.get().region_id == TOWN


def test_the_picked_code_wins_over_the_name_shown_beside_it(client, district_user):
    fund = FundFactory()
    client.force_login(district_user)

    form = _allocation_form(fund, TOWN, region__name="棠下镇")
    response = client.post(reverse("funds:allocation_create"), form)

    assert response.status_code == 302
    assert Allocation.objects.get().region_id == TOWN


def test_a_region_outside_the_users_scope_is_refused_by_name(client, other_district_user):
    fund = FundFactory()
    client.force_login(other_district_user)

    response = client.post(reverse("funds:allocation_create"), _allocation_form(fund, "棠下镇"))

    assert "没有名为“棠下镇”的地区" in response.content.decode()
    assert not Allocation.objects.exists()


def test_the_allocation_form_shows_the_picker_not_a_code_box(client, district_user):
    client.force_login(district_user)

    page = client.get(reverse("funds:allocation_create") + f"?region={TOWN}").content.decode()

    assert 'data-region-picker="/regions/suggest/' in page
    assert f'value="棠下镇" title="{TOWN}"' in page
    assert "12位区划代码" not in page


def test_suggestions_list_regions_of_the_users_scope_by_name(client, town_user):
    client.force_login(town_user)

    found = client.get(reverse("region_suggestions"), {"q": "测试"}).json()["results"]

    assert {r["code"] for r in found} == {"440703101201", "440703101202"}
    assert found[0]["name"] == "测试一村"


def test_a_name_held_by_two_regions_asks_to_pick_one(villages):
    villages["440703101202"].name = "测试一村"
    villages["440703101202"].save()

    field = RegionField()
    with pytest.raises(Exception, match="有多个名为“测试一村”的地区"):
        field.clean("测试一村")
