"""The household list's region filter is the project's one RegionFilter: a name, a code or a prefix, in the
region picker; the API still answers a malformed region with 400."""

import pytest
from django.urls import reverse

from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_towns(villages):
    return {
        "tangxia": HouseholdFactory(region_id="440703101202"),
        "hetang": HouseholdFactory(region_id="440703102201"),
    }


def test_the_household_list_filters_by_a_region_typed_by_name(client, district_user, two_towns):
    client.force_login(district_user)
    url = reverse("registry:household_list")

    by_town = client.get(url, {"region__name": "棠下镇"}).context["page"].object_list
    by_village = client.get(url, {"region": "测试三村"}).context["page"].object_list
    unknown = client.get(url, {"region__name": "没有这个地方"}).context["page"].paginator.count

    assert [h.pk for h in by_town] == [two_towns["tangxia"].pk]
    assert [h.pk for h in by_village] == [two_towns["hetang"].pk]
    assert unknown == 0


def test_the_household_list_region_filter_is_the_region_picker(client, district_user, two_towns):
    client.force_login(district_user)

    html = client.get(reverse("registry:household_list"), {"region": "440703101000"}).content.decode()

    assert "data-region-picker=" in html and 'value="棠下镇"' in html
    assert "registry.view_household" in html  # suggestions limited to the regions of the household scope


def test_the_household_api_takes_a_region_name_and_refuses_a_malformed_one(client, district_user, two_towns):
    client.force_login(district_user)

    named = client.get("/api/v1/households/", {"region": "荷塘镇"})
    malformed = client.get("/api/v1/households/", {"region": "4407a"})

    assert named.status_code == 200 and named.json()["count"] == 1
    assert malformed.status_code == 400 and "region" in malformed.json()["fields"]
