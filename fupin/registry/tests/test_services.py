"""The registry services: rules, scope, versions, and the audit entry each one writes."""

import datetime

import pytest

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed, OutOfScope
from fupin.registry import services
from fupin.registry.choices import PovertyCause, PovertyStatus, Relation
from fupin.registry.models import Household, Member, StatusChange
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory, fresh_id_number

VILLAGE = "440703101201"
OTHER_VILLAGE = "440703101202"


def _entry(action, target):
    return AuditEntry.objects.get(
        action=action, target_type=target._meta.label_lower, target_id=str(target.pk)
    )


def _household_fields(**overrides):
    fields = {
        "main_cause": PovertyCause.ILLNESS,
        "year_identified": 2016,
        "income_per_capita": 4800,
        "address": "一巷3号",
    }
    return fields | overrides


def _member_fields(**overrides):
    birth = datetime.date(1968, 4, 2)
    fields = {
        "name": "张三",
        "id_number": fresh_id_number("440703", birth, "1"),
        "relation": Relation.HEAD,
        "labor_ability": "1",
    }
    return fields | overrides


# register_household


def test_registering_a_household_numbers_it_by_village_and_audits_it(village_user, villages):
    household = services.register_household(by=village_user, region=VILLAGE, **_household_fields())
    second = services.register_household(by=village_user, region=villages[VILLAGE], **_household_fields())

    assert household.number == VILLAGE + "0001"
    assert second.number == VILLAGE + "0002"
    entry = _entry("registry.household.registered", household)
    assert entry.actor == village_user
    assert entry.region_code == VILLAGE
    assert entry.changes["number"] == [None, VILLAGE + "0001"]
    assert entry.changes["main_cause"] == [None, "01"]


def test_registering_keeps_a_given_number_and_refuses_a_duplicate(village_user):
    services.register_household(by=village_user, region=VILLAGE, number="A-1", **_household_fields())

    with pytest.raises(DomainError) as exc:
        services.register_household(by=village_user, region=VILLAGE, number="A-1", **_household_fields())
    assert exc.value.field == "number"
    assert "已被使用" in str(exc.value)


def test_village_cadre_cannot_register_a_household_in_another_village(village_user):
    with pytest.raises(OutOfScope):
        services.register_household(by=village_user, region=OTHER_VILLAGE, **_household_fields())
    assert not Household.objects.exists()


def test_department_user_may_see_but_not_register_households(department_user):
    with pytest.raises(NotAllowed):
        services.register_household(by=department_user, region=VILLAGE, **_household_fields())


def test_a_household_is_registered_in_a_village_not_a_town(town_user):
    with pytest.raises(DomainError) as exc:
        services.register_household(by=town_user, region="440703101000", **_household_fields())
    assert exc.value.field == "region"


def test_poverty_causes_may_not_repeat(village_user):
    with pytest.raises(DomainError) as exc:
        services.register_household(
            by=village_user, region=VILLAGE, **_household_fields(other_cause_1=PovertyCause.ILLNESS)
        )
    assert exc.value.field == "other_cause_1"


def test_an_invalid_choice_is_refused_on_its_field(village_user):
    with pytest.raises(DomainError) as exc:
        services.register_household(by=village_user, region=VILLAGE, **_household_fields(housing_grade="Z"))
    assert exc.value.field == "housing_grade"


# update_household


def test_updating_a_household_records_old_and_new_values(village_user):
    household = HouseholdFactory(region_id=VILLAGE, income_per_capita=5000)

    services.update_household(household, by=village_user, version=1, income_per_capita=6100, water_safe=False)

    household.refresh_from_db()
    assert household.version == 2
    assert household.water_safe is False
    entry = _entry("registry.household.updated", household)
    assert entry.changes == {"income_per_capita": ["5000.00", "6100.00"], "water_safe": [True, False]}


def test_a_stale_version_is_refused_and_nothing_changes(village_user):
    household = HouseholdFactory(region_id=VILLAGE, address="旧地址")
    services.update_household(household, by=village_user, version=1, address="新地址")
    stale = Household.objects.get(pk=household.pk)
    stale.version = 1

    with pytest.raises(ConflictError) as exc:
        services.update_household(stale, by=village_user, version=1, address="别的地址")

    assert "已被他人修改" in str(exc.value)
    assert Household.objects.get(pk=household.pk).address == "新地址"
    assert AuditEntry.objects.filter(action="registry.household.updated").count() == 1


def test_a_household_cannot_be_moved_out_of_the_actors_scope(village_user):
    household = HouseholdFactory(region_id=VILLAGE)

    with pytest.raises(OutOfScope):
        services.update_household(household, by=village_user, version=1, region=OTHER_VILLAGE)
    assert Household.objects.get(pk=household.pk).region_id == VILLAGE


def test_moving_a_household_within_scope_moves_its_members(town_user):
    household = HouseholdFactory(region_id=VILLAGE)
    member = MemberFactory(household=household)

    services.update_household(household, by=town_user, version=1, region=OTHER_VILLAGE)

    assert Member.objects.get(pk=member.pk).region_code == OTHER_VILLAGE
    assert _entry("registry.household.updated", household).changes["region"] == [VILLAGE, OTHER_VILLAGE]


def test_status_is_not_changed_by_a_plain_update(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    with pytest.raises(DomainError):
        services.update_household(household, by=village_user, version=1, status=PovertyStatus.EXITED)


# change_household_status


def test_exiting_poverty_sets_the_exit_year_and_keeps_the_reason(village_user):
    household = HouseholdFactory(region_id=VILLAGE)

    services.change_household_status(
        household,
        by=village_user,
        status=PovertyStatus.EXITED,
        reason="人均收入超过标准，两不愁三保障已实现",
        version=1,
    )

    household.refresh_from_db()
    assert household.status == PovertyStatus.EXITED
    assert household.year_exited == datetime.date.today().year
    change = StatusChange.objects.get(household=household)
    assert (change.old_status, change.new_status, change.changed_by) == ("0", "1", village_user)
    entry = _entry("registry.household.status_changed", household)
    assert entry.changes["status"] == ["0", "1"]
    assert entry.changes["year_exited"] == [None, household.year_exited]
    assert entry.note.startswith("人均收入")


def test_a_status_change_needs_a_reason_and_a_new_status(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    with pytest.raises(DomainError) as exc:
        services.change_household_status(household, by=village_user, status="1", reason="  ", version=1)
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:
        services.change_household_status(household, by=village_user, status="0", reason="x", version=1)
    assert exc.value.field == "status"
    assert not StatusChange.objects.exists()


def test_a_stale_status_change_is_refused(village_user):
    household = HouseholdFactory(region_id=VILLAGE, version=3)
    with pytest.raises(ConflictError):
        services.change_household_status(household, by=village_user, status="1", reason="核实", version=2)
    assert not StatusChange.objects.exists()


# add_member and the resident ID rules


def test_adding_a_member_fills_sex_and_birth_date_from_the_id_and_audits_masked(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    id_number = fresh_id_number("440703", datetime.date(1971, 9, 30), "2")

    member = services.add_member(
        household,
        by=village_user,
        name="李四",
        id_number=id_number.lower(),
        relation=Relation.HEAD,
        labor_ability="1",
    )

    assert (member.sex, member.birth_date) == ("2", datetime.date(1971, 9, 30))
    assert member.region_code == VILLAGE
    assert member.warnings == []
    entry = _entry("registry.member.added", member)
    assert entry.changes["name"] == [None, "李四"]
    assert entry.changes["household"] == [None, household.pk]
    assert entry.changes["id_number"][1] == id_number[:6] + "*" * 10 + id_number[-2:]


def test_an_id_with_a_wrong_check_digit_is_refused(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    good = fresh_id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        services.add_member(household, by=village_user, **_member_fields(id_number=bad))
    assert exc.value.field == "id_number"
    assert "校验位" in str(exc.value)


def test_an_id_with_an_impossible_birth_date_is_refused(village_user):
    from stdnum.cn import ric

    household = HouseholdFactory(region_id=VILLAGE)
    body = "44070319900231123"
    with pytest.raises(DomainError) as exc:
        services.add_member(
            household, by=village_user, **_member_fields(id_number=body + ric.calc_check_digit(body + "0"))
        )
    assert "出生日期" in str(exc.value)


def test_sex_that_contradicts_the_id_is_refused(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    with pytest.raises(DomainError) as exc:
        services.add_member(household, by=village_user, **_member_fields(sex="2"))
    assert exc.value.field == "sex"


def test_birth_date_that_contradicts_the_id_is_refused(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    with pytest.raises(DomainError) as exc:
        services.add_member(
            household, by=village_user, **_member_fields(birth_date=datetime.date(1968, 4, 3))
        )
    assert exc.value.field == "birth_date"


def test_an_area_code_abolished_before_birth_is_refused(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    # 440702 (江门市郊区) was abolished in 1994; nobody born in 1999 got it.
    id_number = fresh_id_number("440702", datetime.date(1999, 1, 5), "1")
    with pytest.raises(DomainError) as exc:
        services.add_member(household, by=village_user, **_member_fields(id_number=id_number))
    assert exc.value.field == "id_number"
    assert "撤销" in str(exc.value)


def test_an_unknown_area_code_is_only_a_warning(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    id_number = fresh_id_number("449999", datetime.date(1980, 1, 5), "1")

    member = services.add_member(household, by=village_user, **_member_fields(id_number=id_number))

    assert Member.objects.filter(pk=member.pk).exists()
    assert len(member.warnings) == 1
    assert "449999" in member.warnings[0]


def test_an_older_resident_whose_area_code_was_created_after_birth_is_accepted(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    # 蓬江区 440703 exists since 1994; a woman born in 1950 was given it when IDs were issued.
    id_number = fresh_id_number("440703", datetime.date(1950, 3, 8), "2")

    member = services.add_member(household, by=village_user, **_member_fields(id_number=id_number))

    assert member.birth_date == datetime.date(1950, 3, 8)
    assert member.warnings == []


def test_a_15_digit_id_is_converted_and_warned_about(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    eighteen = fresh_id_number("440703", datetime.date(1962, 7, 1), "1")
    fifteen = eighteen[:6] + eighteen[8:17]

    member = services.add_member(household, by=village_user, **_member_fields(id_number=fifteen))

    assert member.id_number == eighteen
    assert any("15位" in w for w in member.warnings)


def test_an_id_already_registered_out_of_scope_names_no_place(village_user, villages):
    elsewhere = MemberFactory(household=HouseholdFactory(region_id="440703102201"), name="王五")

    with pytest.raises(DomainError) as exc:
        services.add_member(
            HouseholdFactory(region_id=VILLAGE),
            by=village_user,
            **_member_fields(id_number=elsewhere.id_number),
        )

    message = str(exc.value)
    assert exc.value.field == "id_number"
    assert message == "该身份证号已在其他地区登记，请联系上级扶贫部门。"
    assert "测试三村" not in message and "王五" not in message


def test_an_id_already_registered_in_scope_names_the_household(town_user):
    existing = MemberFactory(household=HouseholdFactory(region_id=OTHER_VILLAGE))

    with pytest.raises(DomainError) as exc:
        services.add_member(
            HouseholdFactory(region_id=VILLAGE), by=town_user, **_member_fields(id_number=existing.id_number)
        )
    assert existing.household.number in str(exc.value)


def test_an_id_registered_in_chongzuo_is_refused_in_jiangmen(city_user):
    elsewhere = MemberFactory(household=HouseholdFactory(region_id="451425100201"))
    with pytest.raises(DomainError) as exc:
        services.add_member(
            HouseholdFactory(region_id=VILLAGE), by=city_user, **_member_fields(id_number=elsewhere.id_number)
        )
    assert "测试屯" not in str(exc.value) and "其他地区" in str(exc.value)


def test_a_household_has_only_one_head(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    MemberFactory(household=household, relation=Relation.HEAD)

    with pytest.raises(DomainError) as exc:
        services.add_member(household, by=village_user, **_member_fields())
    assert exc.value.field == "relation"
    assert "户主" in str(exc.value)


def test_a_member_cannot_be_added_to_a_household_of_another_village(village_user):
    household = HouseholdFactory(region_id=OTHER_VILLAGE)
    with pytest.raises(OutOfScope):
        services.add_member(household, by=village_user, **_member_fields())


# update_member, remove_member, record_full_id_view


def test_updating_a_member_audits_the_change(village_user):
    member = MemberFactory(household=HouseholdFactory(region_id=VILLAGE), work_status="00")

    services.update_member(
        member, by=village_user, version=1, work_status="04", work_months=8, work_employer="深圳某电子厂"
    )

    member.refresh_from_db()
    assert (member.work_status, member.work_months, member.version) == ("04", 8, 2)
    entry = _entry("registry.member.updated", member)
    assert entry.changes["work_status"] == ["00", "04"]
    assert entry.changes["work_months"] == [0, 8]


def test_a_new_id_for_a_member_brings_its_sex_and_birth_date(village_user):
    member = MemberFactory(household=HouseholdFactory(region_id=VILLAGE), sex="1")
    new_id = fresh_id_number("440703", datetime.date(1975, 2, 14), "2")

    services.update_member(member, by=village_user, version=1, id_number=new_id)

    member.refresh_from_db()
    assert (member.id_number, member.sex, member.birth_date) == (new_id, "2", datetime.date(1975, 2, 14))
    changes = _entry("registry.member.updated", member).changes
    assert set(changes) == {"id_number", "sex", "birth_date"}
    assert "*" in changes["id_number"][0]


def test_a_member_cannot_become_a_second_head(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    MemberFactory(household=household, relation=Relation.HEAD)
    son = MemberFactory(household=household, relation=Relation.SON)
    with pytest.raises(DomainError) as exc:
        services.update_member(son, by=village_user, version=1, relation=Relation.HEAD)
    assert exc.value.field == "relation"


def test_a_stale_member_update_is_refused(village_user):
    member = MemberFactory(household=HouseholdFactory(region_id=VILLAGE), version=2)
    with pytest.raises(ConflictError):
        services.update_member(member, by=village_user, version=1, name="新名字")
    assert Member.objects.get(pk=member.pk).name != "新名字"


def test_removing_a_member_needs_a_reason_and_is_audited(village_user):
    member = MemberFactory(household=HouseholdFactory(region_id=VILLAGE), name="赵六")
    with pytest.raises(DomainError):
        services.remove_member(member, by=village_user, reason="")

    entry = services.remove_member(member, by=village_user, reason="2020年3月病故")

    assert not Member.objects.filter(name="赵六").exists()
    assert entry.action == "registry.member.removed"
    assert entry.note == "2020年3月病故"
    assert entry.changes["name"] == ["赵六", None]
    assert entry.target_label == "赵六"


def test_a_full_id_view_is_audited(village_user):
    member = MemberFactory(household=HouseholdFactory(region_id=VILLAGE))

    services.record_full_id_view(member, by=village_user)

    entry = _entry("registry.member.full_id_viewed", member)
    assert entry.actor == village_user and entry.region_code == VILLAGE


def test_a_city_office_user_may_not_record_a_full_id_view(city_user):
    member = MemberFactory(household=HouseholdFactory(region_id=VILLAGE))
    with pytest.raises(NotAllowed):
        services.record_full_id_view(member, by=city_user)


def test_an_update_that_changes_nothing_writes_nothing(village_user):
    household = HouseholdFactory(region_id=VILLAGE, address="一巷")
    member = MemberFactory(household=household)

    services.update_household(household, by=village_user, version=1, address="一巷")
    services.update_member(member, by=village_user, version=1, name=member.name)

    assert Household.objects.get(pk=household.pk).version == 1
    assert Member.objects.get(pk=member.pk).version == 1
    assert not AuditEntry.objects.filter(action__endswith=".updated").exists()
    with pytest.raises(ConflictError):
        services.update_household(household, by=village_user, version=7, address="一巷")
