"""Personal data: resident IDs and phones sealed at rest, found by blind index, masked in the API unless the
caller may see full IDs (and then audited), no existence oracle through filters or duplicate messages."""

import base64
import hashlib
import hmac
import io

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core import crypto
from fupin.core.errors import DomainError
from fupin.registry import services
from fupin.registry.choices import Relation
from fupin.registry.importing.running import import_file
from fupin.registry.models import Household, Member
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory, fresh_id_number
from fupin.registry.tests.import_files import household_rows, write_xlsx

VILLAGE = "440703101201"
OTHER_TOWN_VILLAGE = "440703102201"
ELSEWHERE = "该身份证号已在其他地区登记，请联系上级扶贫部门。"


@pytest.fixture
def member(villages):
    household = HouseholdFactory(region_id=VILLAGE, phone="13800138000")
    return MemberFactory(household=household, name="陈大明", relation=Relation.HEAD, phone="13900139000")


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return cursor.fetchall()


def _member_fields(**overrides):
    return {"name": "李四", "relation": "02", "labor_ability": "1", **overrides}


def test_the_database_holds_no_plain_resident_id_or_phone(member):
    stored = repr(_rows("registry_member")) + repr(_rows("registry_household"))

    assert member.id_number not in stored
    assert "13900139000" not in stored and "13800138000" not in stored
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_index FROM registry_member WHERE id = %s", [member.pk])
        id_number, phone, index = cursor.fetchone()
    assert crypto.looks_sealed(id_number) and crypto.looks_sealed(phone)
    assert index == crypto.blind_index(member.id_number) and len(index) == 32
    reloaded = Member.objects.get(pk=member.pk)
    assert (reloaded.id_number, reloaded.phone) == (member.id_number, "13900139000")


def test_the_blind_index_is_the_hmac_of_the_index_key_so_stored_indexes_stay_valid(member):
    # Computed here independently (RFC 2104 HMAC-SHA256 over "purpose NUL normalised value"): indexes
    # stored by any earlier version of the code must keep finding their rows.
    expected = hmac.new(
        crypto.ring().index_key, b"id_number\x00" + member.id_number.upper().encode(), hashlib.sha256
    ).hexdigest()[:32]

    assert crypto.blind_index(member.id_number) == expected
    assert crypto.blind_index(" " + member.id_number.lower()) == expected
    assert Member.objects.filter(id_index=expected).get() == member


def test_the_same_id_sealed_twice_gives_different_values_that_do_not_open_in_another_column(member):
    id_field = Member._meta.get_field("id_number")
    first, second = id_field.seal(member.id_number), id_field.seal(member.id_number)

    assert first != second
    assert id_field.open(first) == member.id_number
    with pytest.raises(crypto.DecryptionError):
        Member._meta.get_field("phone").open(first)


def test_a_member_is_found_by_full_id_through_the_blind_index_in_any_written_form(member):
    written = " " + member.id_number.lower() + " "

    assert list(Member.objects.with_id_number(written)) == [member]
    assert list(Member.objects.with_id_numbers([member.id_number, fresh_id_number()])) == [member]


def test_a_lookup_on_the_sealed_column_itself_is_refused(member):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        Member.objects.filter(id_number=member.id_number).exists()


def test_changing_an_id_moves_its_blind_index(member, village_user):
    old_id, new_id = member.id_number, fresh_id_number("440703", member.birth_date, member.sex)

    services.update_member(member, by=village_user, version=member.version, id_number=new_id)

    assert list(Member.objects.with_id_number(new_id)) == [member]
    assert not Member.objects.with_id_number(old_id).exists()


def test_a_duplicate_id_is_refused_through_the_blind_index_and_outside_the_scope_names_no_place(
    village_user, villages
):
    elsewhere = MemberFactory(household=HouseholdFactory(region_id=OTHER_TOWN_VILLAGE), name="王五")

    with pytest.raises(DomainError) as exc:
        services.add_member(
            HouseholdFactory(region_id=VILLAGE),
            by=village_user,
            **_member_fields(id_number=elsewhere.id_number),
        )

    assert str(exc.value) == ELSEWHERE
    assert "测试三村" not in str(exc.value) and elsewhere.household.number not in str(exc.value)


def test_a_duplicate_id_inside_the_scope_names_the_household(town_user, villages):
    existing = MemberFactory(household=HouseholdFactory(region_id="440703101202"))

    with pytest.raises(DomainError) as exc:
        services.add_member(
            HouseholdFactory(region_id=VILLAGE), by=town_user, **_member_fields(id_number=existing.id_number)
        )

    assert existing.household.number in str(exc.value)


# -- the import --------------------------------------------------------------------------------------------


@pytest.fixture
def inline_jobs(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def test_imported_ids_and_phones_are_sealed_and_indexed(town_user, tmp_path, inline_jobs):
    rows = household_rows(2, 2)
    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=False)

    assert result["committed"] is True
    stored = repr(_rows("registry_member"))
    for row in rows[1:]:
        assert row[6] not in stored
        assert Member.objects.with_id_number(row[6]).exists()


def test_the_import_finds_duplicates_in_the_file_and_against_the_registry(town_user, tmp_path, inline_jobs):
    registered = MemberFactory(household=HouseholdFactory(region_id="440703101202"))
    rows = household_rows(3, 2)
    rows[3][6] = rows[1][6]  # the same person twice in the file
    rows[5][6] = registered.id_number  # and one already registered in another household

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=True)

    messages = [e["message"] for e in result["errors"]]
    assert any("身份证号码重复" in m for m in messages)
    assert any(registered.household.number in m for m in messages)


# -- the API -----------------------------------------------------------------------------------------------


def test_a_department_reads_households_and_members_with_masked_phones_and_ids(department_user, member):
    households = _api(department_user).get("/api/v1/households/").json()["results"]
    members = _api(department_user).get("/api/v1/members/").json()["results"]

    assert households[0]["phone"] == "138****8000"
    assert members[0]["phone"] == "139****9000"
    assert members[0]["id_number"] == member.id_number[:6] + "*" * 10 + member.id_number[-2:]
    assert not AuditEntry.objects.filter(action__endswith="full_values_shown").exists()


def test_a_full_id_holder_sees_full_values_and_each_response_is_audited_with_the_count(village_user, member):
    MemberFactory(household=member.household, relation="02", phone="")

    data = _api(village_user).get("/api/v1/members/").json()["results"]

    assert member.id_number in [m["id_number"] for m in data]
    entry = AuditEntry.objects.get(action="registry.member.full_values_shown")
    assert entry.changes["full_ids"] == [None, 2] and entry.changes["full_phones"] == [None, 1]
    assert entry.region_code == VILLAGE and entry.actor_id == village_user.pk
    assert member.id_number not in str(entry.changes) + entry.note


def test_a_masked_phone_sent_back_unchanged_keeps_the_stored_phone(member, village_user):
    api = _api(village_user)
    response = api.patch(
        f"/api/v1/households/{member.household.pk}/",
        {"phone": "138****8000", "address": "新址", "version": member.household.version},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert Household.objects.get(pk=member.household.pk).phone == "13800138000"


def test_a_role_without_the_full_id_right_cannot_confirm_an_id_through_the_filter(department_user, member):
    response = _api(department_user).get("/api/v1/members/", {"id_number": member.id_number})

    assert response.status_code == 400
    assert "id_number" in response.json()["fields"]


def test_a_role_without_the_full_id_right_cannot_confirm_an_id_through_the_search(department_user, member):
    found = _api(department_user).get("/api/v1/households/", {"q": member.id_number}).json()["results"]

    assert found == []


def test_a_full_id_holder_finds_a_member_by_full_id(village_user, member):
    found = _api(village_user).get("/api/v1/members/", {"id_number": member.id_number}).json()["results"]
    households = _api(village_user).get("/api/v1/households/", {"q": member.id_number}).json()["results"]

    assert [m["id"] for m in found] == [member.pk]
    assert [h["id"] for h in households] == [member.household_id]


# -- keys --------------------------------------------------------------------------------------------------


def _key(text):
    return base64.b64encode(text.encode().ljust(32, b"!")).decode()


def test_rotating_the_data_key_reseals_every_value_and_old_keys_still_open_until_then(member, settings):
    old_key, new_key = _key("old"), _key("new")
    settings.FUPIN_DATA_KEY = old_key
    Member.objects.filter(pk=member.pk).update(id_number=member.id_number, phone="13700137000")
    settings.FUPIN_DATA_KEY, settings.FUPIN_DATA_KEYS_OLD = new_key, [old_key]

    assert Member.objects.get(pk=member.pk).id_number == member.id_number  # opened with the old key
    rewritten = crypto.reseal(Member, ["id_number", "phone"])
    settings.FUPIN_DATA_KEYS_OLD = []

    assert rewritten == 1
    reloaded = Member.objects.get(pk=member.pk)
    assert (reloaded.id_number, reloaded.phone) == (member.id_number, "13700137000")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM registry_member WHERE id = %s", [member.pk])
        assert cursor.fetchone()[0].startswith(crypto.key_id(base64.b64decode(new_key)) + ":")
    assert crypto.reseal(Member, ["id_number", "phone"]) == 0  # nothing left to rotate


def test_a_value_sealed_with_an_unknown_key_does_not_open(member, settings):
    settings.FUPIN_DATA_KEY = _key("gone")
    Member.objects.filter(pk=member.pk).update(phone="13700137000")
    settings.FUPIN_DATA_KEY = _key("other")

    with pytest.raises(crypto.DecryptionError):
        Member.objects.get(pk=member.pk)


def test_rotating_the_index_key_with_reindex_keeps_lookups_working(member, settings):
    settings.FUPIN_INDEX_KEY = _key("index2")
    assert not Member.objects.with_id_number(member.id_number).exists()

    crypto.reseal(Member, ["id_number", "phone"], reindex=True)

    assert list(Member.objects.with_id_number(member.id_number)) == [member]


def test_the_data_migration_seals_plain_rows_already_stored(member):
    with connection.cursor() as cursor:  # as stored before the migration
        cursor.execute(
            "UPDATE registry_member SET id_number = %s, phone = %s, id_index = NULL WHERE id = %s",
            [member.id_number, "13600136000", member.pk],
        )

    crypto.reseal(Member, ["id_number", "phone"], plain=True)

    reloaded = Member.objects.get(pk=member.pk)
    assert (reloaded.id_number, reloaded.phone) == (member.id_number, "13600136000")
    assert list(Member.objects.with_id_number(member.id_number)) == [member]
    assert member.id_number not in repr(_rows("registry_member"))


def test_the_rotate_data_key_command_reseals_every_sealed_model_and_is_audited(member, settings):
    development_key = base64.b64encode(crypto._derived("data-key")).decode()
    settings.FUPIN_DATA_KEY, settings.FUPIN_DATA_KEYS_OLD = _key("new"), [development_key]

    call_command("rotate_data_key", stdout=io.StringIO())
    settings.FUPIN_DATA_KEYS_OLD = []

    entry = AuditEntry.objects.get(action="core.data_key.rotated")
    assert entry.changes["registry.member"] == [None, 1]
    assert entry.changes["registry.household"] == [None, 1]
    assert Member.objects.get(pk=member.pk).household.phone == "13800138000"
