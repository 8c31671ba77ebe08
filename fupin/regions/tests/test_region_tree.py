"""The region tree page, its API and the load_regions command."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fupin.regions.models import Region
from fupin.registry.tests.factories import household_with_members


@pytest.fixture
def households(villages):
    return [
        household_with_members(2, region_id="440703101201"),
        household_with_members(2, region_id="440703101201"),
        household_with_members(3, region_id="440703101202"),
        household_with_members(1, region_id="440703102201"),
        household_with_members(1, region_id="440704001001"),
    ]


def _row(body, name):
    """The table row text of one child region."""
    start = body.index(name)
    return body[start : body.index("</tr>", start)]


def test_district_user_sees_towns_with_household_counts(client, households, district_user):
    client.force_login(district_user)

    body = client.get(reverse("regions:region_tree")).content.decode()

    assert "蓬江区" in body
    assert ">3<" in _row(body, "棠下镇") and ">7<" in _row(body, "棠下镇")
    assert ">1<" in _row(body, "荷塘镇")
    assert "江海区" not in body.split("<h2>")[-1]


def test_tree_counts_come_from_the_household_tally_not_the_registry_tables(client, households, district_user):
    client.force_login(district_user)
    client.get(reverse("regions:region_tree"))

    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("regions:region_detail", args=["440703000000"])).content.decode()

    sqls = [q["sql"] for q in queries.captured_queries]
    grouped = [q for q in sqls if "GROUP BY" in q.upper() and "registry_householdtally" in q]
    assert len(grouped) == 2  # the children; the node's total and statuses
    assert not [q for q in sqls if re.search(r'"registry_(household|member)"', q)]
    assert ">3<" in _row(body, "棠下镇") and ">7<" in _row(body, "棠下镇")


def test_drill_down_to_a_town_shows_its_villages_and_breadcrumbs(client, households, district_user):
    client.force_login(district_user)

    body = client.get(reverse("regions:region_detail", args=["440703101000"])).content.decode()

    assert "测试一村" in body and "测试二村" in body
    assert ">2<" in _row(body, "测试一村") and ">3<" in _row(body, "测试二村")
    assert reverse("regions:region_detail", args=["440703000000"]) in body
    assert "江门市" in body


def test_village_user_sees_their_village_not_the_sibling(client, households, village_user):
    client.force_login(village_user)

    body = client.get(reverse("regions:region_tree")).content.decode()

    assert "测试一村" in body
    assert "测试二村" not in body
    assert client.get(reverse("regions:region_detail", args=["440703101202"])).status_code == 404
    assert client.get(reverse("regions:region_detail", args=["440703101000"])).status_code == 404


def test_auditor_sees_the_tree_without_household_counts(client, households, auditor_user):
    client.force_login(auditor_user)

    body = client.get(reverse("regions:region_tree")).content.decode()

    assert "蓬江区" in body
    assert "不显示户数" in body


def test_regions_api_lists_subtree_and_ancestors_only(client, villages, village_user):
    client.force_login(village_user)

    codes = {r["code"] for r in client.get("/api/v1/regions/", {"page_size": 500}).json()["results"]}

    assert codes == {"440000000000", "440700000000", "440703000000", "440703101000", "440703101201"}
    assert client.get("/api/v1/regions/440703101202/").status_code == 404
    assert client.get("/api/v1/regions/440703101000/").json()["name"] == "棠下镇"


def test_regions_api_filters_by_parent_level_and_prefix(client, villages, district_user):
    client.force_login(district_user)

    by_parent = client.get("/api/v1/regions/", {"parent": "440703101000"}).json()["results"]
    by_level = client.get("/api/v1/regions/", {"level": 5, "page_size": 500}).json()["results"]
    by_prefix = client.get("/api/v1/regions/", {"prefix": "440703102", "page_size": 500}).json()["results"]

    assert [r["code"] for r in by_parent] == ["440703101201", "440703101202"]
    assert {r["code"] for r in by_level} == {"440703101201", "440703101202", "440703102201"}
    assert [r["code"] for r in by_prefix] == ["440703102000", "440703102201"]


def test_load_regions_restores_shipped_names(db):
    Region.objects.filter(code="440703000000").update(name="改错的名字")

    call_command("load_regions")

    assert Region.objects.get(code="440703000000").name == "蓬江区"
    assert Region.objects.filter(code="451400000000").exists()


def test_a_user_with_two_regions_gets_both_as_roots(client, households, village_user):
    from fupin.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=village_user, role="village_cadre", region_id="440704001001")
    client.force_login(village_user)

    body = client.get(reverse("regions:region_tree")).content.decode()

    assert "测试一村" in body and "测试社区" in body
    assert "测试二村" not in body
