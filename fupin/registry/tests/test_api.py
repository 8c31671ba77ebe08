"""The households and members API: scope, filters, masking, writes through the services, versions."""

import datetime

import pytest
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.registry.choices import Relation
from fupin.registry.models import Household, Member
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory, fresh_id_number

VILLAGE = "440703101201"
OTHER_VILLAGE = "440703101202"


@pytest.fixture
def household(villages):
    household = HouseholdFactory(region_id=VILLAGE)
    MemberFactory(household=household, name="陈大明", relation=Relation.HEAD)
    return household


@pytest.fixture
def other_household(villages):
    household = HouseholdFactory(region_id=OTHER_VILLAGE)
    MemberFactory(household=household, name="林外村", relation=Relation.HEAD)
    return household


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_households_list_only_my_scope(village_user, household, other_household):
    data = _api(village_user).get("/api/v1/households/").json()
    assert [h["number"] for h in data["results"]] == [household.number]


def test_households_filter_like_the_list_page(town_user, household, other_household):
    api = _api(town_user)
    assert api.get("/api/v1/households/", {"region": OTHER_VILLAGE}).json()["count"] == 1
    assert api.get("/api/v1/households/", {"q": "陈大明"}).json()["results"][0]["id"] == household.pk
    assert api.get("/api/v1/households/", {"status": "1"}).json()["count"] == 0


def test_other_village_gets_404_on_household_and_member(other_village_user, household):
    api = _api(other_village_user)
    member = household.members.first()
    assert api.get(f"/api/v1/households/{household.pk}/").status_code == 404
    assert api.get(f"/api/v1/members/{member.pk}/").status_code == 404
    assert (
        api.patch(
            f"/api/v1/households/{household.pk}/", {"address": "x", "version": 1}, format="json"
        ).status_code
        == 404
    )
    assert api.get("/api/v1/members/", {"household": household.pk}).json()["count"] == 0


def test_creating_a_household_through_the_api_is_audited(village_user, villages):
    response = _api(village_user).post(
        "/api/v1/households/",
        {
            "region": VILLAGE,
            "main_cause": "08",
            "year_identified": 2015,
            "income_per_capita": "3900.50",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    household = Household.objects.get()
    assert response.json()["number"] == household.number == VILLAGE + "0001"
    assert AuditEntry.objects.filter(
        action="registry.household.registered", target_id=str(household.pk)
    ).exists()


def test_creating_in_another_village_answers_404(village_user, villages):
    response = _api(village_user).post(
        "/api/v1/households/",
        {"region": OTHER_VILLAGE, "main_cause": "08", "year_identified": 2015},
        format="json",
    )
    assert response.status_code == 404
    assert not Household.objects.exists()


def test_an_update_needs_the_version_and_a_stale_one_gets_409(village_user, household):
    api = _api(village_user)
    url = f"/api/v1/households/{household.pk}/"

    missing = api.patch(url, {"address": "新址"}, format="json")
    ok = api.patch(url, {"address": "新址", "version": 1}, format="json")
    stale = api.patch(url, {"address": "旧页面", "version": 1}, format="json")

    assert missing.status_code == 400 and "version" in missing.json()["fields"]
    assert ok.status_code == 200 and ok.json()["version"] == 2
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["message"]
    assert Household.objects.get(pk=household.pk).address == "新址"


def test_status_change_action(village_user, household):
    response = _api(village_user).post(
        f"/api/v1/households/{household.pk}/status/",
        {"status": "1", "reason": "达标", "version": 1},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "1"
    assert AuditEntry.objects.filter(action="registry.household.status_changed").exists()


def test_member_lists_mask_ids_for_those_without_the_full_id_right(city_user, household):
    member = household.members.first()
    data = _api(city_user).get("/api/v1/members/", {"household": household.pk}).json()
    assert data["results"][0]["id_number"] == member.id_number[:6] + "*" * 10 + member.id_number[-2:]
    assert not AuditEntry.objects.filter(action="registry.member.full_values_shown").exists()


def test_member_retrieve_shows_the_full_id_to_allowed_users_and_audits_it(village_user, household):
    member = household.members.first()

    data = _api(village_user).get(f"/api/v1/members/{member.pk}/").json()

    assert data["id_number"] == member.id_number
    entry = AuditEntry.objects.get(action="registry.member.full_values_shown")
    assert entry.changes["full_ids"] == [None, 1] and entry.region_code == VILLAGE


def test_member_retrieve_masks_for_city_office(city_user, household):
    member = household.members.first()
    data = _api(city_user).get(f"/api/v1/members/{member.pk}/").json()
    assert data["id_number"] != member.id_number and "*" in data["id_number"]
    assert not AuditEntry.objects.filter(action="registry.member.full_values_shown").exists()


def test_members_are_found_by_exact_full_id(town_user, household, other_household):
    member = other_household.members.first()
    data = _api(town_user).get("/api/v1/members/", {"id_number": member.id_number.lower()}).json()
    assert [m["id"] for m in data["results"]] == [member.pk]


def test_adding_a_member_through_the_api_checks_the_id_and_fills_from_it(village_user, household):
    api = _api(village_user)
    id_number = fresh_id_number("440703", datetime.date(2001, 5, 20), "2")
    payload = {
        "household": household.pk,
        "name": "陈小芳",
        "id_number": id_number,
        "relation": "04",
        "labor_ability": "1",
    }

    created = api.post("/api/v1/members/", payload, format="json")
    duplicate = api.post("/api/v1/members/", payload | {"name": "冒名"}, format="json")
    second_head = api.post(
        "/api/v1/members/",
        payload | {"id_number": fresh_id_number("440703", datetime.date(1970, 1, 1), "1"), "relation": "01"},
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert created.json()["sex"] == "2" and created.json()["birth_date"] == "2001-05-20"
    assert duplicate.status_code == 400 and "id_number" in duplicate.json()["fields"]
    assert second_head.status_code == 400 and "relation" in second_head.json()["fields"]
    assert Member.objects.filter(household=household).count() == 2


def test_updating_a_member_with_a_stale_version_gets_409(village_user, household):
    member = household.members.first()
    api = _api(village_user)
    url = f"/api/v1/members/{member.pk}/"

    assert (
        api.patch(url, {"work_status": "04", "work_months": 6, "version": 1}, format="json").status_code
        == 200
    )
    assert api.patch(url, {"name": "改名", "version": 1}, format="json").status_code == 409
    assert AuditEntry.objects.filter(action="registry.member.updated").count() == 1


def test_removing_a_member_through_the_api_needs_a_reason(village_user, household):
    member = household.members.first()
    api = _api(village_user)
    assert api.post(f"/api/v1/members/{member.pk}/remove/", {}, format="json").status_code == 400
    assert (
        api.post(f"/api/v1/members/{member.pk}/remove/", {"reason": "死亡"}, format="json").status_code == 204
    )
    assert not Member.objects.filter(pk=member.pk).exists()


def test_a_malformed_region_filter_is_a_400(village_user, household):
    response = _api(village_user).get("/api/v1/households/", {"region": "44x7"})
    assert response.status_code == 400
    assert "region" in response.json()["fields"]


def test_member_filter_with_an_overflowing_number_is_a_400_with_a_message(village_user, household):
    response = _api(village_user).get("/api/v1/members/", {"household": "9" * 20})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid" and response.json()["fields"]["household"]


def test_a_department_reading_every_household_page_after_page_is_stopped_with_429(
    other_department_user, villages
):
    # 医保局: its domain holds these households (因病, the factory's cause), so there are pages to read
    HouseholdFactory.create_batch(40, region_id=VILLAGE)
    client = _api(other_department_user)

    statuses = []
    for page in range(1, 73):
        response = client.get("/api/v1/households/", {"page": page, "page_size": 1})
        statuses.append(response.status_code)
        if response.status_code == 429:
            break

    assert statuses[-1] == 429 and len(statuses) < 72
    assert set(statuses[:-1]) == {200}
    assert response.json()["error"] == "throttled" and int(response["Retry-After"]) > 0
