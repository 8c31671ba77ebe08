"""Supervision after issue 15: the plan edited after creation, completion reviewed by the town, targets
counted as the document counts them, money read from the funds' payments, renovations, and the registry
fields a completed housing or water target updates (R5.4, R5.5)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed
from fupin.dashboard.targets import target_board
from fupin.funds.tests.factories import DisbursementFactory
from fupin.ledgers import queries, supervision
from fupin.ledgers.api.serializers import CheckinSerializer
from fupin.ledgers.choices import DoneStatus, SupervisionGroup, TargetKind
from fupin.ledgers.models import SupervisionTarget
from fupin.registry.choices import HousingGrade
from fupin.registry.tests.factories import HouseholdFactory, household_with_members

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2020, 6, 30)


def _target(by, group=SupervisionGroup.HOUSING, household=None, kind=TargetKind.HOUSEHOLD, **kw):
    return supervision.add_target(
        by=by,
        kind=kind,
        group=group,
        household=household or HouseholdFactory(),
        deadline=DEADLINE,
        plan_money=20000,
        **kw,
    )


def _board(user):
    rows = queries.supervision_board(SupervisionTarget.objects.visible_to(user), datetime.date(2020, 5, 1))
    return {r["group"]: r for r in rows}


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


# ---- R5.4: the plan edited after creation ----------------------------------------------------------------


def test_the_plan_is_edited_after_creation_on_its_page_and_the_change_is_audited(
    client, district_user, village_user
):
    target = _target(district_user, group=SupervisionGroup.INCOME, plan_measures="落实公益性岗位")
    client.force_login(village_user)
    form = {f: "" for f in supervision.PLAN_FIELDS}
    form.update(
        plan_measures="落实公益性岗位；新增产业奖补",
        plan_money="26000",
        deadline="2020-12-31",
        version=target.version,
    )

    response = client.post(reverse("ledgers:supervision_edit", args=[target.pk]), form)

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.plan_measures == "落实公益性岗位；新增产业奖补" and target.plan_money == Decimal("26000")
    entry = AuditEntry.objects.get(action="ledgers.supervisiontarget.changed")
    assert entry.actor == village_user
    assert entry.changes["plan_measures"] == ["落实公益性岗位", "落实公益性岗位；新增产业奖补"]
    detail = client.get(reverse("ledgers:supervision_detail", args=[target.pk])).content.decode()
    assert "修改帮扶计划" in detail and "新增产业奖补" in detail


def test_an_edit_from_a_stale_version_is_refused(district_user, village_user):
    target = _target(district_user)
    seen = target.version
    supervision.update_plan(target, by=village_user, version=seen, plan_measures="第一次修改")

    with pytest.raises(ConflictError):
        supervision.update_plan(target, by=village_user, version=seen, plan_measures="第二次修改")
    target.refresh_from_db()
    assert target.plan_measures == "第一次修改"


def test_the_plan_is_edited_through_the_api_with_its_version(district_user, village_user):
    target = _target(district_user)
    url = f"/api/v1/ledgers/supervision-targets/{target.pk}/"
    api = _api(village_user)

    ok = api.patch(url, {"plan_measures": "危房改造＋饮水管网入户", "version": target.version}, format="json")
    stale = api.patch(url, {"plan_measures": "旧版本", "version": target.version}, format="json")
    missing = api.patch(url, {"plan_measures": "无版本"}, format="json")

    assert ok.status_code == 200 and ok.json()["plan_measures"] == "危房改造＋饮水管网入户"
    assert stale.status_code == 409 and missing.status_code == 400
    assert AuditEntry.objects.filter(action="ledgers.supervisiontarget.changed").count() == 1


# ---- R5.4: done is reviewed by the town ----------------------------------------------------------------


def test_a_target_reported_done_counts_only_once_the_town_accepts_it(
    district_user, village_user, town_user, plan
):
    target = _target(district_user, group=SupervisionGroup.INCOME)

    supervision.request_done(target, by=village_user, version=target.version)
    assert target.done_status == DoneStatus.REQUESTED and not target.done
    assert _board(district_user)[SupervisionGroup.INCOME]["done"] == 0
    assert _board(district_user)[SupervisionGroup.INCOME]["waiting"] == 1

    supervision.accept_done(target, by=town_user, version=target.version)

    assert target.done and target.done_status == DoneStatus.DONE and target.reviewed_by == town_user
    assert AuditEntry.objects.get(action="ledgers.supervisiontarget.done").actor == town_user


def test_the_village_cannot_accept_its_own_report(district_user, village_user):
    target = _target(district_user, group=SupervisionGroup.INCOME)
    supervision.request_done(target, by=village_user, version=target.version)

    with pytest.raises(NotAllowed):
        supervision.accept_done(target, by=village_user, version=target.version)


def test_the_town_returns_a_report_with_its_reason(district_user, village_user, town_user):
    target = _target(district_user, group=SupervisionGroup.INCOME)
    supervision.request_done(target, by=village_user, version=target.version)

    with pytest.raises(DomainError):
        supervision.return_done(target, by=town_user, version=target.version, reason=" ")
    supervision.return_done(target, by=town_user, version=target.version, reason="收入核算资料不全")

    assert target.done_status == DoneStatus.OPEN and target.return_reason == "收入核算资料不全"
    assert AuditEntry.objects.get(action="ledgers.supervisiontarget.done_returned").note == "收入核算资料不全"


def test_the_review_is_on_the_pages_and_the_api(client, district_user, village_user, town_user):
    target = _target(district_user, group=SupervisionGroup.INCOME)
    client.force_login(village_user)
    client.post(reverse("ledgers:supervision_done", args=[target.pk]), {"version": target.version})
    target.refresh_from_db()
    assert target.done_status == DoneStatus.REQUESTED

    response = _api(town_user).post(
        f"/api/v1/ledgers/supervision-targets/{target.pk}/accept-done/", {"version": target.version}
    )

    assert response.status_code == 200 and response.json()["done_status"] == "done"
    client.force_login(town_user)
    page = client.get(reverse("ledgers:supervision_list"), {"awaiting_review": "false"})
    assert page.status_code == 200


# ---- R5.4: counted as the document counts them (950 people) ----------------------------------------


def test_unstable_income_targets_count_people_and_households_count_for_water(
    district_user, town_user, city_user, plan
):
    family = household_with_members(3)
    income = _target(district_user, group=SupervisionGroup.INCOME, household=family)
    person = supervision.add_target(
        by=district_user,
        kind=TargetKind.PERSON,
        group=SupervisionGroup.INCOME,
        member=household_with_members(2).members.first(),
        deadline=DEADLINE,
    )
    _target(district_user, group=SupervisionGroup.WATER, household=household_with_members(4))
    for target in (income, person):
        supervision.request_done(target, by=district_user, version=target.version)
        supervision.accept_done(target, by=town_user, version=target.version)

    board = _board(district_user)
    rows = {row.code: row for row in target_board(city_user, datetime.date(2020, 5, 1))}

    assert (income.people, person.people) == (3, 1)
    assert (board[SupervisionGroup.INCOME]["listed"], board[SupervisionGroup.INCOME]["done"]) == (4, 4)
    assert board[SupervisionGroup.WATER]["listed"] == 1  # 347 households: a household is one
    assert rows["unstable-income-people"].value == 4 and rows["unstable-income-people"].target == 950


# ---- R5.5: money from the funds, renovations, registry fields ----------------------------------------


def test_check_ins_take_no_money():
    assert "money_spent" not in CheckinSerializer().fields
    assert "money_spent" not in {f.name for f in SupervisionTarget.checkins.rel.related_model._meta.fields}


def test_money_spent_is_what_the_funds_paid_to_the_households(client, district_user, plan):
    household = HouseholdFactory()
    target = _target(district_user, household=household)
    DisbursementFactory(
        household=household, amount=Decimal("18000"), allocation__fund__budget_line__code="housing-renovation"
    )
    DisbursementFactory(household=household, amount=Decimal("3000"))  # another line: not housing money
    DisbursementFactory(amount=Decimal("9000"), allocation__fund__budget_line__code="housing-renovation")

    board = _board(district_user)

    assert board[SupervisionGroup.HOUSING]["spent"] == Decimal("18000")
    assert int(board[SupervisionGroup.HOUSING]["budget"].value) == 2110000
    client.force_login(district_user)
    page = client.get(reverse("ledgers:supervision_detail", args=[target.pk])).content.decode()
    assert "18,000.00" in page


def test_a_housing_target_needs_its_accepted_renovation_and_then_sets_the_registry_grade(
    district_user, village_user, town_user
):
    household = HouseholdFactory(housing_grade=HousingGrade.D)
    target = _target(district_user, household=household)
    with pytest.raises(DomainError):
        supervision.request_done(target, by=village_user, version=target.version)

    renovation = supervision.record_renovation(
        target, by=village_user, work="拆除重建", started_on=datetime.date(2020, 3, 1)
    )
    supervision.accept_renovation(
        renovation, by=village_user, accepted_on=datetime.date(2020, 5, 20), grade_after=HousingGrade.A
    )
    supervision.request_done(target, by=village_user, version=target.version)
    supervision.accept_done(target, by=town_user, version=target.version)

    renovation.refresh_from_db()
    household.refresh_from_db()
    assert (renovation.grade_before, renovation.work, renovation.accepted_on) == (
        HousingGrade.D,
        "拆除重建",
        datetime.date(2020, 5, 20),
    )
    assert household.housing_grade == HousingGrade.A
    entry = AuditEntry.objects.get(action="registry.household.conditions_changed")
    assert entry.changes["housing_grade"] == ["D", "A"] and entry.actor == town_user


def test_an_unsafe_acceptance_grade_is_refused(district_user, village_user):
    target = _target(district_user)
    with pytest.raises(DomainError):
        supervision.record_renovation(
            target, by=village_user, work="修缮", accepted_on=datetime.date(2020, 5, 1), grade_after="C"
        )


def test_a_water_target_accepted_makes_the_household_water_safe(district_user, village_user, town_user):
    household = HouseholdFactory(water_safe=False)
    target = _target(district_user, group=SupervisionGroup.WATER, household=household)

    supervision.request_done(target, by=village_user, version=target.version)
    household.refresh_from_db()
    assert household.water_safe is False  # not before the town's review
    supervision.accept_done(target, by=town_user, version=target.version)

    household.refresh_from_db()
    assert household.water_safe is True
    assert AuditEntry.objects.get(action="registry.household.conditions_changed").changes["water_safe"] == [
        False,
        True,
    ]


def test_renovations_are_recorded_on_the_page_and_the_api(client, district_user, village_user):
    target = _target(district_user, household=HouseholdFactory(housing_grade=HousingGrade.C))
    client.force_login(village_user)
    client.post(reverse("ledgers:renovation_add", args=[target.pk]), {"work": "加固墙体"})
    renovation = target.renovations.get()
    assert renovation.grade_before == HousingGrade.C

    response = _api(village_user).post(
        f"/api/v1/ledgers/supervision-targets/{target.pk}/accept-renovation/",
        {"renovation": renovation.pk, "accepted_on": "2020-05-02", "grade_after": "B"},
        format="json",
    )

    assert response.status_code == 200 and response.json()[0]["grade_after"] == "B"
