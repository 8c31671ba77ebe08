"""The board of every plan target against its figure and deadline (home page, export, API)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.dashboard.targets import Status, target_board
from fupin.ledgers import supervision
from fupin.ledgers.choices import SupervisionGroup, TargetKind
from fupin.monitoring.choices import ExitStep
from fupin.monitoring.tests.factories import ExitFactory
from fupin.plan.services import load_plan
from fupin.registry.choices import HouseholdCategory, PovertyStatus
from fupin.registry.services import change_household_status
from fupin.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db
BEFORE_JUNE = datetime.date(2020, 5, 1)  # the exit and the water/housing targets are due 2020-06-30
AFTER_ALL = datetime.date(2021, 1, 15)


@pytest.fixture
def plan(db):
    return load_plan()


def rows_of(user, today):
    return {row.code: row for row in target_board(user, today)}


def exited_through_the_procedure(members, **kwargs):
    """A household 销号 by the exit procedure: its closed exit counts its members."""
    household = household_with_members(members, status=PovertyStatus.EXITED, **kwargs)
    ExitFactory(household=household, step=ExitStep.CLOSED, people=members, exit_year=2020)
    return household


def test_every_target_of_the_plan_is_listed_even_those_no_app_records(plan, city_user):
    rows = rows_of(city_user, BEFORE_JUNE)

    assert set(rows) == set(plan.targets.values_list("code", flat=True))
    assert rows["zhengyinbao-loan-multiplier"].status == Status.NO_DATA
    assert rows["zhengyinbao-loan-multiplier"].value is None


def test_exit_rate_counts_people_exited_through_the_procedure_and_turns_late_after_its_deadline(
    plan, city_user
):
    exited_through_the_procedure(3)
    household_with_members(1, status=PovertyStatus.NOT_EXITED)
    household_with_members(2, category=HouseholdCategory.EDGE)  # not registered poor: left out
    household_with_members(4, status=PovertyStatus.EXITED)  # marked exited outside the procedure: left out

    early, late = rows_of(city_user, BEFORE_JUNE), rows_of(city_user, AFTER_ALL)

    assert early["poor-exit-rate"].value == 75  # 3 of 4 people
    assert (
        early["poor-exit-rate"].detail
        == "经退出程序销号 3 人 / 应退出 4 人（另有 4 人未经退出程序标为已脱贫，未计入）"
    )
    assert early["poor-exit-rate"].progress == 75
    assert early["poor-exit-rate"].status == Status.ON_TRACK
    assert rows_of(city_user, datetime.date(2020, 6, 20))["poor-exit-rate"].status == Status.DUE_SOON
    assert late["poor-exit-rate"].status == Status.LATE


def test_a_status_changed_outside_the_exit_procedure_is_no_exit_of_the_plan(plan, city_user):
    household_with_members(3, status=PovertyStatus.EXITED)  # a one-step status change, no exit chain
    household_with_members(1, status=PovertyStatus.NOT_EXITED)

    row = rows_of(city_user, BEFORE_JUNE)["poor-exit-rate"]

    assert row.value == 0 and row.status == Status.ON_TRACK


def test_a_household_that_returned_to_poverty_after_its_exit_counts_as_still_to_exit(plan, city_user):
    exited_through_the_procedure(2)
    returned = exited_through_the_procedure(2)
    change_household_status(
        returned, by=city_user, status=PovertyStatus.RETURNED, reason="因病返贫", version=returned.version
    )

    assert rows_of(city_user, BEFORE_JUNE)["poor-exit-rate"].value == 50  # 2 exited of 2 + 2


def test_a_target_reached_is_met_whatever_the_date(plan, city_user):
    exited_through_the_procedure(2)

    assert rows_of(city_user, AFTER_ALL)["poor-exit-rate"].status == Status.MET


def test_supervision_targets_count_what_is_done(plan, city_user, district_user):
    for done in (True, False, False):
        target = supervision.add_target(
            by=district_user,
            kind=TargetKind.HOUSEHOLD,
            group=SupervisionGroup.WATER,
            household=household_with_members(1),
            deadline=datetime.date(2020, 6, 30),
        )
        if done:  # reported by the village, accepted by the level above (the district may do both)
            supervision.request_done(target, by=district_user, version=target.version)
            supervision.accept_done(target, by=district_user, version=target.version)

    row = rows_of(city_user, BEFORE_JUNE)["water-safety-households"]

    assert row.value == 1 and row.target == 347
    assert float(row.progress) == round(100 / 347, 1)
    assert row.detail == "已完成 1 / 列入督战 3"


def test_the_950_unstable_income_people_are_counted_as_people_not_households(plan, city_user, district_user):
    deadline = datetime.date(2020, 12, 31)
    group = SupervisionGroup.INCOME
    supervision.add_target(
        by=district_user,
        kind=TargetKind.HOUSEHOLD,
        group=group,
        household=household_with_members(3),
        deadline=deadline,
    )
    person = household_with_members(2).members.first()
    supervision.add_target(
        by=district_user, kind=TargetKind.PERSON, group=group, member=person, deadline=deadline
    )

    row = rows_of(city_user, BEFORE_JUNE)["unstable-income-people"]

    assert row.target == 950 and row.unit == "人"
    assert row.value == 0 and row.detail == "已完成 0 / 列入督战 4"  # 3 members and 1 person, not 2 targets


def test_a_district_reads_counts_against_the_city_target_without_a_verdict(plan, district_user):
    supervision.add_target(
        by=district_user,
        kind=TargetKind.HOUSEHOLD,
        group=SupervisionGroup.HOUSING,
        household=household_with_members(1, status=PovertyStatus.EXITED),
        deadline=datetime.date(2020, 6, 30),
    )
    exited_through_the_procedure(2)

    rows = rows_of(district_user, AFTER_ALL)

    assert rows["housing-safety-households"].status == Status.CITY_ONLY
    assert rows["poor-exit-rate"].status == Status.MET  # a rate compares in any scope


def test_figures_stay_inside_the_users_scope(plan, city_user, other_town_user):
    exited_through_the_procedure(2)  # in the test town

    assert rows_of(other_town_user, BEFORE_JUNE)["poor-exit-rate"].value is None
    assert rows_of(city_user, BEFORE_JUNE)["poor-exit-rate"].value == 100


def test_home_page_shows_the_board_to_those_who_read_the_plan(plan, client, city_user, auditor_user):
    household_with_members(2, status=PovertyStatus.EXITED)
    client.force_login(city_user)

    page = client.get(reverse("dashboard:home")).content.decode()

    assert "目标与时限" in page and "建档立卡贫困人口全面完成退出" in page and "贷款规模放大倍数" in page
    client.force_login(auditor_user)
    assert "目标与时限" not in client.get(reverse("dashboard:home")).content.decode()


def test_export_lists_every_target_and_is_audited(plan, client, city_user):
    client.force_login(city_user)

    response = client.get(reverse("dashboard:target_export") + "?export=csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200
    assert "饮水安全问题贫困户整改" in text and "暂无数据" in text
    assert AuditEntry.objects.filter(action="dashboard.targets.exported", actor=city_user).exists()


def test_api_gives_the_same_rows_and_refuses_those_without_the_plan(plan, city_user, auditor_user):
    exited_through_the_procedure(1)
    api = APIClient()
    api.force_authenticate(city_user)

    data = api.get("/api/v1/dashboard/targets/").json()

    by_code = {row["code"]: row for row in data["targets"]}
    assert set(by_code) == set(plan.targets.values_list("code", flat=True))
    assert by_code["poor-exit-rate"]["value"] == "100.00" and by_code["poor-exit-rate"]["status"] in {
        Status.MET,
        Status.ON_TRACK,
        Status.LATE,
        Status.DUE_SOON,
    }
    api.force_authenticate(auditor_user)
    assert api.get("/api/v1/dashboard/targets/").status_code == 403
