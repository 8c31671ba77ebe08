"""The registry pages: list, detail, history and the edit forms, with scope, masking and versions."""

import datetime

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.registry.choices import Relation
from fupin.registry.models import Household, Member
from fupin.registry.tests.factories import (
    HouseholdFactory,
    MemberFactory,
    fresh_id_number,
    household_with_members,
)

VILLAGE = "440703101201"
OTHER_VILLAGE = "440703101202"


@pytest.fixture
def household(villages):
    household = HouseholdFactory(region_id=VILLAGE, number="440703101201" + "0007")
    MemberFactory(household=household, name="陈大明", relation=Relation.HEAD)
    MemberFactory(
        household=household,
        name="陈小红",
        relation=Relation.DAUGHTER,
        sex="2",
        birth_date=datetime.date(2005, 6, 1),
    )
    return household


@pytest.fixture
def other_household(villages):
    household = HouseholdFactory(region_id=OTHER_VILLAGE)
    MemberFactory(household=household, name="林外村", relation=Relation.HEAD)
    return household


def _login(client, user):
    client.force_login(user)
    return client


# list


def test_list_shows_households_of_my_village_with_head_size_and_masked_id(
    client, village_user, household, other_household
):
    head = household.members.get(relation=Relation.HEAD)

    response = _login(client, village_user).get(reverse("registry:household_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert household.number in html and "陈大明" in html
    assert head.id_number not in html
    assert head.id_number[:6] + "**********" + head.id_number[-2:] in html
    assert "林外村" not in html and other_household.number not in html
    assert response.context["page"].paginator.count == 1
    assert response.context["page"].object_list[0].member_count == 2


def test_list_finds_a_household_by_name_full_id_and_number(client, town_user, household, other_household):
    head = household.members.get(relation=Relation.HEAD)
    client = _login(client, town_user)
    url = reverse("registry:household_list")

    for text in ("陈大", head.id_number, household.number, "陈小红"):
        numbers = [h.number for h in client.get(url, {"q": text}).context["page"].object_list]
        assert numbers == [household.number], text


def test_list_filters_by_region_subtree_and_status(client, town_user, household, other_household):
    client = _login(client, town_user)
    url = reverse("registry:household_list")

    by_village = client.get(url, {"region": OTHER_VILLAGE}).context["page"].object_list
    by_town = client.get(url, {"region": "440703101000"}).context["page"].paginator.count
    exited = client.get(url, {"status": "1"}).context["page"].paginator.count

    assert [h.pk for h in by_village] == [other_household.pk]
    assert by_town == 2
    assert exited == 0


def test_list_filters_by_any_cause_housing_and_water(client, village_user, villages):
    match = HouseholdFactory(
        region_id=VILLAGE, main_cause="08", other_cause_1="02", housing_grade="D", water_safe=False
    )
    HouseholdFactory(region_id=VILLAGE, main_cause="02", housing_grade="D", water_safe=True)
    client = _login(client, village_user)

    page = client.get(
        reverse("registry:household_list"), {"cause": "02", "housing_grade": "D", "water_safe": "false"}
    ).context["page"]

    assert [h.pk for h in page.object_list] == [match.pk]


def test_list_sorts_by_income_descending(client, village_user, villages):
    for income in (3000, 9000, 6000):
        HouseholdFactory(region_id=VILLAGE, income_per_capita=income)
    client = _login(client, village_user)

    page = client.get(reverse("registry:household_list"), {"sort": "-income"}).context["page"]

    assert [int(h.income_per_capita) for h in page.object_list] == [9000, 6000, 3000]


def test_list_redirects_the_former_ordering_parameter_to_sort(client, village_user, villages):
    response = _login(client, village_user).get(
        reverse("registry:household_list"), {"status": "1", "ordering": "-income"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_list") + "?status=1&sort=-income"


def test_list_paginates_by_25_and_shows_the_total(client, village_user, villages):
    for _ in range(30):
        HouseholdFactory(region_id=VILLAGE)
    client = _login(client, village_user)

    response = client.get(reverse("registry:household_list"), {"page": 2})

    assert len(response.context["page"].object_list) == 5
    assert "共 30 户" in response.content.decode()


def test_list_page_query_count_does_not_grow_with_rows(
    client, village_user, villages, django_assert_max_num_queries
):
    for _ in range(25):
        household_with_members(4, region_id=VILLAGE)
    client = _login(client, village_user)
    client.get(reverse("registry:household_list"))  # warm up the session

    # 3 per request (session, user, role assignments) + region picker + count + one page of rows that
    # carries each row's head name and member count
    with django_assert_max_num_queries(6) as captured:
        response = client.get(reverse("registry:household_list"))
    registry_queries = [q for q in captured.captured_queries if "registry_" in q["sql"]]
    assert len(registry_queries) == 2
    assert len(response.context["page"].object_list) == 25
    assert all(h.member_count == 4 and h.head_name for h in response.context["page"].object_list)


def test_auditor_without_registry_permission_gets_403_on_the_list(client, auditor_user):
    assert _login(client, auditor_user).get(reverse("registry:household_list")).status_code == 403


# detail, full ID, history


def test_detail_shows_members_with_masked_ids_and_a_reveal_button(client, village_user, household):
    member = household.members.first()

    html = (
        _login(client, village_user)
        .get(reverse("registry:household_detail", args=[household.pk]))
        .content.decode()
    )

    assert member.id_number not in html
    assert reverse("registry:member_full_id", args=[member.pk]) in html
    assert not AuditEntry.objects.filter(action="registry.member.full_id_viewed").exists()


def test_revealing_a_full_id_is_audited(client, village_user, household):
    member = household.members.first()

    response = _login(client, village_user).post(reverse("registry:member_full_id", args=[member.pk]))

    assert member.id_number in response.content.decode()
    entry = AuditEntry.objects.get(action="registry.member.full_id_viewed")
    assert (entry.actor, entry.target_id) == (village_user, str(member.pk))


def test_city_office_sees_masked_ids_only(client, city_user, household):
    member = household.members.first()
    client = _login(client, city_user)

    detail = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    reveal = client.post(reverse("registry:member_full_id", args=[member.pk]))
    edit = client.get(reverse("registry:member_edit", args=[member.pk])).content.decode()

    assert member.id_number not in detail
    assert reverse("registry:member_full_id", args=[member.pk]) not in detail
    assert reveal.status_code == 403
    assert member.id_number not in edit
    assert not AuditEntry.objects.filter(action="registry.member.full_id_viewed").exists()


def test_history_lists_household_and_member_changes_with_labels(client, village_user, household):
    from fupin.registry import services

    member = household.members.get(relation=Relation.DAUGHTER)
    services.update_member(member, by=village_user, version=1, schooling="07")
    services.update_household(household, by=village_user, version=1, housing_grade="C")
    services.remove_member(member, by=village_user, reason="外嫁迁出")

    html = (
        _login(client, village_user)
        .get(reverse("registry:household_history", args=[household.pk]))
        .content.decode()
    )

    assert "在校生情况" in html and "非在校生 → 高中一年级" in html
    assert "住房安全等级" in html and "A级(安全) → C级(局部危房)" in html
    assert "移除成员" in html and "外嫁迁出" in html


# scope: other village gets 404 on every page of a household


@pytest.mark.parametrize(
    "name", ["household_detail", "household_edit", "household_status", "household_history", "member_create"]
)
def test_other_village_cadre_gets_404_on_household_pages(client, other_village_user, household, name):
    response = _login(client, other_village_user).get(reverse(f"registry:{name}", args=[household.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["member_edit", "member_remove", "member_full_id"])
def test_other_village_cadre_gets_404_on_member_pages(client, other_village_user, household, name):
    member = household.members.first()
    client = _login(client, other_village_user)
    response = client.post(reverse(f"registry:{name}", args=[member.pk]), {"reason": "x", "name": "y"})
    assert response.status_code == 404
    assert Member.objects.filter(pk=member.pk, name=member.name).exists()


def test_department_user_sees_the_household_but_cannot_edit_it(client, department_user, household):
    client = _login(client, department_user)
    assert client.get(reverse("registry:household_detail", args=[household.pk])).status_code == 200
    assert client.get(reverse("registry:household_edit", args=[household.pk])).status_code == 403


# create and edit


def test_village_cadre_registers_a_household_then_its_head(client, village_user, villages):
    client = _login(client, village_user)
    response = client.post(
        reverse("registry:household_create"),
        {
            "region": VILLAGE,
            "category": "01",
            "main_cause": "01",
            "year_identified": "2016",
            "income_per_capita": "4200",
            "housing_grade": "B",
            "water_safe": "on",
        },
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert household.number == VILLAGE + "0001"

    id_number = fresh_id_number("440703", datetime.date(1966, 12, 1), "1")
    response = client.post(
        reverse("registry:member_create", args=[household.pk]),
        {
            "name": "黄志强",
            "id_number": id_number,
            "relation": "01",
            "ethnicity": "01",
            "schooling": "01",
            "health": ["2"],
            "labor_ability": "1",
            "work_status": "00",
            "work_months": "0",
            "medical_insurance": "on",
        },
    )
    member = Member.objects.get()
    assert response.status_code == 302, response.context["form"].errors
    assert (member.sex, member.birth_date, member.health) == ("1", datetime.date(1966, 12, 1), "2")


def test_a_duplicate_id_is_shown_on_the_id_field(client, village_user, household, other_household):
    elsewhere = other_household.members.first()
    client = _login(client, village_user)

    response = client.post(
        reverse("registry:member_create", args=[household.pk]),
        {
            "name": "重复",
            "id_number": elsewhere.id_number,
            "relation": "03",
            "ethnicity": "01",
            "schooling": "01",
            "health": ["1"],
            "labor_ability": "1",
            "work_status": "00",
            "work_months": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [
        "该身份证号已在其他地区登记，请联系上级扶贫部门。"
    ]


def _member_post(member, **overrides):
    data = {
        "name": member.name,
        "id_number": member.id_number,
        "sex": member.sex,
        "birth_date": member.birth_date.isoformat(),
        "relation": member.relation,
        "ethnicity": member.ethnicity,
        "education": member.education,
        "schooling": member.schooling,
        "health": member.health_codes,
        "disability_kind": "",
        "disability_grade": "",
        "labor_ability": member.labor_ability,
        "work_status": member.work_status,
        "work_months": member.work_months,
        "work_employer": "",
        "medical_insurance": "on",
        "phone": "",
        "version": member.version,
    }
    return data | overrides


def test_editing_a_member_saves_and_audits(client, village_user, household):
    member = household.members.get(relation=Relation.HEAD)
    client = _login(client, village_user)

    form_page = client.get(reverse("registry:member_edit", args=[member.pk]))
    response = client.post(
        reverse("registry:member_edit", args=[member.pk]),
        _member_post(member, work_status="03", work_months="10"),
    )

    assert form_page.status_code == 200 and member.id_number in form_page.content.decode()
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.work_status, member.work_months, member.version) == ("03", 10, 2)
    entry = AuditEntry.objects.get(action="registry.member.updated")
    assert set(entry.changes) == {"work_status", "work_months"}
    assert AuditEntry.objects.filter(action="registry.member.full_id_viewed").count() == 1


def test_city_office_edits_a_member_without_seeing_or_losing_the_id(client, city_user, household):
    member = household.members.get(relation=Relation.HEAD)
    masked = member.id_number[:6] + "*" * 10 + member.id_number[-2:]

    response = _login(client, city_user).post(
        reverse("registry:member_edit", args=[member.pk]),
        _member_post(member, id_number=masked, name="陈大民"),
    )

    assert response.status_code == 302
    stored = Member.objects.get(pk=member.pk)
    assert (stored.name, stored.id_number) == ("陈大民", member.id_number)


def test_a_stale_member_form_is_refused_with_a_clear_message(client, village_user, household):
    from fupin.registry import services

    member = household.members.get(relation=Relation.HEAD)
    seen = _member_post(member, name="甲")
    services.update_member(member, by=village_user, version=1, name="乙")

    response = _login(client, village_user).post(reverse("registry:member_edit", args=[member.pk]), seen)

    assert response.status_code == 200
    assert "该记录已被他人修改" in response.content.decode()
    assert Member.objects.get(pk=member.pk).name == "乙"


def test_a_stale_household_form_is_refused(client, village_user, household):
    from fupin.registry import services

    services.update_household(household, by=village_user, version=1, address="别人改的")
    data = {
        "number": household.number,
        "region": VILLAGE,
        "address": "我改的",
        "category": "01",
        "main_cause": "01",
        "year_identified": "2016",
        "income_per_capita": "5200",
        "housing_grade": "A",
        "water_safe": "on",
        "version": "1",
    }

    response = _login(client, village_user).post(
        reverse("registry:household_edit", args=[household.pk]), data
    )

    assert response.status_code == 200
    assert "该记录已被他人修改" in response.content.decode()
    assert Household.objects.get(pk=household.pk).address == "别人改的"


def test_status_change_form_needs_a_reason_and_records_it(client, village_user, household):
    client = _login(client, village_user)
    url = reverse("registry:household_status", args=[household.pk])

    refused = client.post(url, {"status": "1", "reason": "", "version": "1"})
    done = client.post(url, {"status": "1", "reason": "达到脱贫标准", "version": "1"})

    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert done.status_code == 302
    assert Household.objects.get(pk=household.pk).status == "1"


def test_removing_a_member_through_the_page(client, village_user, household):
    member = household.members.get(relation=Relation.DAUGHTER)
    client = _login(client, village_user)

    response = client.post(reverse("registry:member_remove", args=[member.pk]), {"reason": "外嫁"})

    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.get(action="registry.member.removed").note == "外嫁"


def test_other_town_sees_an_empty_list_and_cannot_widen_it_by_region(client, other_town_user, household):
    client = _login(client, other_town_user)
    url = reverse("registry:household_list")
    assert client.get(url).context["page"].paginator.count == 0
    assert client.get(url, {"region": "440703101000"}).context["page"].paginator.count == 0
    assert client.get(url, {"q": household.number}).context["page"].paginator.count == 0


def test_anonymous_users_are_sent_to_the_login_page(client, household):
    response = client.get(reverse("registry:household_detail", args=[household.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
