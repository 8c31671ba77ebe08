import datetime

import pytest
from django.utils import timezone

from fupin.audit.models import AuditEntry
from fupin.core.errors import ConflictError, DomainError, NotAllowed, OutOfScope
from fupin.employment.creditcode import make_credit_code
from fupin.plan import services as plan_services
from fupin.plan.models import Weekday
from fupin.plan.tests.factories import plan_2020
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import rollup, services
from fupin.reports.choices import ReportStatus
from fupin.reports.models import Assessment, ReportPeriod, VillageReport
from fupin.reports.tests.factories import ANSWERS, make_period, report_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(villages):
    return HouseholdFactory(region_id="440703101201")


@pytest.fixture
def plan(db):
    return plan_2020()


def test_city_office_opens_a_week_with_due_time_from_the_plan_and_village_reports(city_user, household, plan):
    period = services.open_period(by=city_user, iso_year=2020, iso_week=10, region_prefix="4407")
    assert str(period.starts_on) == "2020-03-02"
    assert timezone.localtime(period.due_at).strftime("%Y-%m-%d %H") == "2020-03-09 12"
    assert VillageReport.objects.get(period=period, region_code="440703101201").expected == 1
    assert AuditEntry.objects.filter(action="reports.reportperiod.opened", actor=city_user).exists()


@pytest.mark.parametrize("iso_year,iso_week", [(2019, 40), (2020, 5), (2021, 1)])
def test_a_week_outside_the_plans_tracking_span_cannot_be_opened(city_user, plan, iso_year, iso_week):
    with pytest.raises(DomainError) as exc:
        services.open_period(by=city_user, iso_year=iso_year, iso_week=iso_week, region_prefix="4407")
    assert str(exc.value) == "该周不在计划规定的每周跟踪期内。"


@pytest.mark.parametrize("iso_week", [6, 53])
def test_the_first_and_last_weeks_of_the_2020_plan_can_be_opened(city_user, plan, iso_week):
    period = services.open_period(by=city_user, iso_year=2020, iso_week=iso_week, region_prefix="4407")
    assert period.starts_on <= plan.tracking_ends_on and period.ends_on >= plan.tracking_starts_on


def test_no_week_can_be_opened_where_no_plan_runs_weekly_tracking(city_user, villages):
    with pytest.raises(DomainError):
        services.open_period(by=city_user, iso_year=2020, iso_week=10, region_prefix="4407")
    plan_2020(tracking_starts_on=None, tracking_ends_on=None)
    with pytest.raises(DomainError):
        services.open_period(by=city_user, iso_year=2020, iso_week=10, region_prefix="4407")


def test_editing_the_plans_span_changes_which_weeks_can_be_opened(city_user, plan):
    plan_services.update_tracking(
        plan,
        by=city_user,
        version=plan.version,
        tracking_starts_on=datetime.date(2020, 3, 16),
        tracking_ends_on=datetime.date(2020, 6, 30),
    )
    with pytest.raises(DomainError):
        services.open_period(by=city_user, iso_year=2020, iso_week=10, region_prefix="4407")
    with pytest.raises(DomainError):
        services.open_period(by=city_user, iso_year=2020, iso_week=28, region_prefix="4407")
    opened = services.open_period(by=city_user, iso_year=2020, iso_week=12, region_prefix="4407")
    assert str(opened.starts_on) == "2020-03-16"


def test_due_time_follows_the_plan(city_user, plan):
    plan_services.update_tracking(
        plan, by=city_user, version=plan.version, tracking_due_weekday=Weekday.TUESDAY, tracking_due_hour=18
    )
    period = services.open_period(by=city_user, iso_year=2020, iso_week=10, region_prefix="4407")
    assert timezone.localtime(period.due_at).strftime("%Y-%m-%d %H:%M") == "2020-03-10 18:00"


def test_village_cadre_cannot_open_a_week(village_user, plan):
    with pytest.raises(NotAllowed):
        services.open_period(by=village_user, iso_year=2020, iso_week=10, region_prefix="4407")
    assert not ReportPeriod.objects.exists()


def test_saving_an_assessment_updates_every_ancestor_cell_and_is_audited(village_user, household):
    period = make_period()
    a = services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    cells = rollup.maintained_cells(period.pk)
    for prefix in ["44", "4407", "440703", "440703101", "440703101201"]:
        assert cells[(prefix, "assessed")] == 1
        assert cells[(prefix, "not_back")] == 2
        assert cells[(prefix, "hh_production")] == 1
    assert report_of(period).assessed == 1
    assert a.newly_affected  # no previous week: everything affected is new
    assert AuditEntry.objects.filter(action="reports.assessment.created", target_id=str(a.pk)).exists()


def test_editing_an_assessment_applies_only_the_difference(village_user, household):
    period = make_period()
    a = services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    services.save_assessment(
        by=village_user,
        period=period,
        household=household,
        version=a.version,
        answers={**ANSWERS, "members_not_back": 0, "income_lost": 0},
    )
    cells = rollup.maintained_cells(period.pk)
    assert ("4407", "not_back") not in cells and ("4407", "hh_employment") not in cells
    assert cells[("4407", "assessed")] == 1
    entry = AuditEntry.objects.get(action="reports.assessment.changed")
    assert entry.changes["members_not_back"] == [2, 0]


def test_a_stale_version_is_refused(village_user, household):
    period = make_period()
    a = services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS, version=1)
    with pytest.raises(ConflictError):
        services.save_assessment(
            by=village_user, period=period, household=household, answers=ANSWERS, version=a.version
        )


def test_other_village_cadre_cannot_assess_this_village(other_village_user, household):
    period = make_period()
    with pytest.raises(OutOfScope):
        services.save_assessment(by=other_village_user, period=period, household=household, answers=ANSWERS)


def test_negative_numbers_and_unknown_need_codes_are_refused(village_user, household):
    period = make_period()
    with pytest.raises(DomainError) as exc:
        services.save_assessment(
            by=village_user, period=period, household=household, answers={**ANSWERS, "income_lost": -5}
        )
    assert exc.value.field == "income_lost"
    with pytest.raises(DomainError):
        services.save_assessment(by=village_user, period=period, household=household, answers={"needs": "88"})


def test_no_change_copies_last_weeks_answers_and_marks_nothing_newly_affected(village_user, household):
    week9, week10 = make_period(iso_week=9), make_period(iso_week=10)
    services.save_assessment(by=village_user, period=week9, household=household, answers=ANSWERS)
    a = services.carry_forward(by=village_user, period=week10, household=household)
    assert a.members_not_back == 2 and a.needs == "1,2" and a.source == "carry"
    assert a.newly_affected == ""


def test_deleting_an_assessment_removes_it_from_the_roll_up(village_user, household):
    period = make_period()
    a = services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    services.delete_assessment(by=village_user, assessment=a)
    assert rollup.maintained_cells(period.pk) == {}
    assert report_of(period).assessed == 0
    assert AuditEntry.objects.filter(action="reports.assessment.deleted").exists()


def _through_approval(period, village_user, town_user, district_user):
    report = report_of(period)
    report = services.submit_report(report, by=village_user)
    report = services.approve_report(report, by=town_user)
    return services.approve_report(report, by=district_user)


def test_full_chain_submit_return_resubmit_approve_is_audited(
    village_user, town_user, district_user, household
):
    period = make_period()
    services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    report = submitted(period, village_user)
    report = services.return_report(report, by=town_user, reason="未返岗人数有误")
    assert report.status == ReportStatus.RETURNED and report.return_reason == "未返岗人数有误"
    services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    report = services.submit_report(report, by=village_user)
    report = services.approve_report(report, by=town_user)
    assert report.status == ReportStatus.TOWN_APPROVED
    report = services.approve_report(report, by=district_user)
    assert report.status == ReportStatus.APPROVED and report.approved_at
    actions = list(
        AuditEntry.objects.filter(action__startswith="reports.villagereport").values_list("action", flat=True)
    )
    assert actions.count("reports.villagereport.submitted") == 2
    assert (
        "reports.villagereport.returned" in actions and actions.count("reports.villagereport.approved") == 2
    )


def test_returning_needs_a_reason(village_user, town_user, household):
    period = make_period()
    report = submitted(period, village_user)
    with pytest.raises(DomainError):
        services.return_report(report, by=town_user, reason="  ")


def test_town_cannot_give_the_district_approval(village_user, town_user, household):
    period = make_period()
    report = services.approve_report(submitted(period, village_user), by=town_user)
    with pytest.raises(NotAllowed):
        services.approve_report(report, by=town_user)


def test_village_cadre_cannot_approve_own_week(village_user, household):
    period = make_period()
    report = submitted(period, village_user)
    with pytest.raises(NotAllowed):
        services.approve_report(report, by=village_user)


def test_other_town_cannot_see_or_approve_this_village(village_user, other_town_user, household):
    period = make_period()
    report = submitted(period, village_user)
    with pytest.raises(OutOfScope):
        services.approve_report(report, by=other_town_user)


def test_approved_week_refuses_edits_deletes_and_imports_until_unlocked(
    village_user, town_user, district_user, household
):
    period = make_period()
    a = services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    report = _through_approval(period, village_user, town_user, district_user)
    for attempt in (
        lambda: services.save_assessment(
            by=village_user, period=period, household=household, answers=ANSWERS
        ),
        lambda: services.delete_assessment(by=village_user, assessment=a),
        lambda: services.import_assessments(
            by=district_user, period=period, rows=[{"number": household.number, **ANSWERS}]
        ),
    ):
        with pytest.raises(DomainError) as exc:
            attempt()
        assert exc.value.code == "locked"
    with pytest.raises(NotAllowed):
        services.unlock_report(report, by=town_user, reason="更正")
    report = services.unlock_report(report, by=district_user, reason="更正未返岗人数")
    assert report.status == ReportStatus.RETURNED
    services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    assert AuditEntry.objects.filter(action="reports.villagereport.unlocked", note="更正未返岗人数").exists()


def test_submitted_week_is_locked_for_the_village(village_user, household):
    period = make_period()
    submitted(period, village_user)
    with pytest.raises(DomainError):
        services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)


def test_import_is_all_or_nothing(village_user, household):
    period = make_period()
    rows = [{"number": household.number, **ANSWERS}, {"number": "NOPE", **ANSWERS}]
    with pytest.raises(DomainError) as exc:
        services.import_assessments(by=village_user, period=period, rows=rows)
    assert "第3行" in str(exc.value)
    assert not Assessment.objects.exists()
    assert services.import_assessments(by=village_user, period=period, rows=rows[:1]) == 1
    assert Assessment.objects.get().source == "import"


def test_supplies_go_to_a_household_or_a_named_enterprise(village_user, household):
    a = services.allocate_supplies(
        by=village_user,
        region_code="440703101201",
        allocated_on="2020-02-10",
        item="mask",
        quantity=50,
        household=household,
    )
    assert a.region_code == household.region_id
    with pytest.raises(DomainError):
        services.allocate_supplies(
            by=village_user, region_code="440703101201", allocated_on="2020-02-10", item="mask", quantity=50
        )
    services.allocate_supplies(
        by=village_user,
        region_code="440703101201",
        allocated_on="2020-02-10",
        item="mask",
        quantity=500,
        enterprise_name="扶贫车间A",
        credit_code=make_credit_code("91440703MA4UJ1XX1"),
    )
    assert AuditEntry.objects.filter(action="reports.supplyallocation.created").count() == 2


def test_town_sets_area_risk_level_and_it_is_audited(town_user, villages):
    services.set_area_risk(by=town_user, region_code="440703101201", effective_on="2020-02-10", level="high")
    assert AuditEntry.objects.filter(action="reports.arearisk.set", region_code="440703101201").exists()
    with pytest.raises(OutOfScope):
        services.set_area_risk(
            by=town_user, region_code="440703102201", effective_on="2020-02-10", level="low"
        )


def test_a_week_with_households_left_cannot_be_submitted(village_user, household, villages):
    from fupin.registry.tests.factories import HouseholdFactory

    period = make_period()
    HouseholdFactory(region_id="440703101201")
    services.save_assessment(by=village_user, period=period, household=household, answers=ANSWERS)
    with pytest.raises(DomainError) as exc:
        services.submit_report(report_of(period), by=village_user)
    assert exc.value.code == "incomplete" and "1户" in str(exc.value)
