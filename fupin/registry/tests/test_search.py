"""The household search: by a member's name (exact or prefix) and by the last 4 or 6 characters of a resident
ID through keyed indexes kept in step by every writer, only where the searcher may see full IDs."""

import pytest
from django.db import connection
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.core import crypto
from fupin.registry import services
from fupin.registry.choices import Relation
from fupin.registry.importing.running import import_file
from fupin.registry.models import Household, Member, id_tail_index
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory, fresh_id_number
from fupin.registry.tests.import_files import household_rows, write_xlsx

VILLAGE = "440703101201"
OTHER_TOWN_VILLAGE = "440703102201"


@pytest.fixture
def head(villages):
    return MemberFactory(
        household=HouseholdFactory(region_id=VILLAGE), name="欧阳建国", relation=Relation.HEAD
    )


def _found(client, user, text):
    client.force_login(user)
    response = client.get(reverse("registry:household_list"), {"q": text})
    assert response.status_code == 200
    return [h.number for h in response.context["page"].object_list]


def test_a_household_is_found_by_a_members_full_name_or_its_first_characters(client, town_user, head):
    HouseholdFactory(region_id=VILLAGE, number="NOT-FOUND")

    for text in ("欧阳建国", "欧阳", "欧"):
        assert _found(client, town_user, text) == [head.household.number]
    assert _found(client, town_user, "建国") == []  # a name is searched from its start


def test_a_name_search_takes_like_wildcards_literally(client, town_user, head):
    assert _found(client, town_user, "%") == []
    assert _found(client, town_user, "欧_") == []


def test_a_household_is_found_by_the_last_four_or_six_characters_of_a_members_id(client, village_user, head):
    MemberFactory(household=HouseholdFactory(region_id=VILLAGE), name="李四")

    assert _found(client, village_user, head.id_number[-4:]) == [head.household.number]
    assert _found(client, village_user, head.id_number[-6:].lower()) == [head.household.number]


def test_an_id_fragment_other_than_the_tail_finds_nothing(client, village_user, head):
    assert _found(client, village_user, head.id_number[6:12]) == []


def test_a_role_without_the_full_id_right_cannot_confirm_id_digits_through_the_search(
    client, department_user, head
):
    assert _found(client, department_user, head.id_number[-4:]) == []
    assert _found(client, department_user, head.id_number[-6:]) == []


def test_an_id_tail_outside_the_searchers_region_finds_nothing(client, village_user, villages):
    elsewhere = MemberFactory(household=HouseholdFactory(region_id=OTHER_TOWN_VILLAGE), name="王五")

    assert _found(client, village_user, elsewhere.id_number[-6:]) == []


def test_the_database_holds_keyed_tail_indexes_and_no_digits_of_the_id(head):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_tail4_index, id_tail6_index FROM registry_member WHERE id = %s", [head.pk])
        tail4, tail6 = cursor.fetchone()

    assert tail4 == id_tail_index(head.id_number, 4) and tail6 == id_tail_index(head.id_number, 6)
    assert tail4 != crypto.blind_index(head.id_number[-4:])  # a purpose of its own: not the full-ID index


def test_changing_an_id_moves_its_tail_indexes(head, village_user):
    old_id = head.id_number
    new_id = fresh_id_number("440703", head.birth_date, head.sex)

    services.update_member(head, by=village_user, version=head.version, id_number=new_id)

    assert list(Member.objects.with_id_tail(new_id[-6:])) == [head]
    assert list(Member.objects.with_id_tail(new_id[-4:])) == [head]
    assert not Member.objects.with_id_tail(old_id[-6:]).exists()
    entry = AuditEntry.objects.get(action="registry.member.updated", target_id=str(head.pk))
    assert "id_number" in entry.changes


def test_imported_members_are_found_by_their_id_tails(town_user, tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    rows = household_rows(2, 2)

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=False)

    assert result["committed"] is True
    for row in rows:
        household = Household.objects.search(row[6][-6:]).get()
        assert household.number == row[0]
    assert AuditEntry.objects.filter(action="registry.import.created").exists()


def test_rotating_the_index_key_with_reindex_recomputes_the_tail_indexes(head, settings):
    settings.FUPIN_INDEX_KEY = "aW5kZXgtMi1mb3ItdGhlLXRhaWxzLXRlc3QhISEhISE="
    assert not Member.objects.with_id_tail(head.id_number[-4:]).exists()

    crypto.reseal(Member, ["id_number"], reindex=True)

    assert list(Member.objects.with_id_tail(head.id_number[-4:])) == [head]
    assert list(Member.objects.with_id_tail(head.id_number[-6:])) == [head]


def test_sorting_the_list_by_a_column_without_its_own_key_orders_every_page_the_same_way(
    client, town_user, villages
):
    for i, income in enumerate([5000, 3000, 5000, 9000]):
        HouseholdFactory(region_id=VILLAGE, number=f"S-{i}", income_per_capita=income)
    client.force_login(town_user)

    down = client.get(reverse("registry:household_list"), {"sort": "-income"}).context["page"].object_list

    assert [h.number for h in down] == ["S-3", "S-2", "S-0", "S-1"]  # equal incomes: the later row first


def _plan_of_the_list(client, user, **params):
    """SQLite's plan of the list page's query of one page of households."""
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("registry:household_list"), params).status_code == 200
    [page] = [
        q["sql"]
        for q in queries
        if "LIMIT" in q["sql"] and '"registry_household"."income_per_capita"' in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {page}")
        return " | ".join(row[-1] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner: PostgreSQL reads histograms")
def test_a_city_wide_sort_by_income_walks_the_income_index_instead_of_sorting_the_city(
    client, city_user, villages
):
    for i in range(30):
        HouseholdFactory(region_id=VILLAGE, income_per_capita=1000 + i)

    city = _plan_of_the_list(client, city_user, sort="-income")

    # Walked backwards in (income, id) order, ties included (the row id goes the sort's way): nothing sorted.
    assert "household_income_sort" in city and "TEMP B-TREE" not in city
    first = client.get(reverse("registry:household_list"), {"sort": "-income"}).context["page"].object_list
    assert [h.income_per_capita for h in first][:3] == [1029, 1028, 1027]
