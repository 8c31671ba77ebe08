"""signal → village → town → county, with deadlines that escalate; measures; risk cleared by the same chain."""

import datetime

import pytest
from freezegun import freeze_time

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, NotAllowed
from fupin.employment.models import PostOccupancy
from fupin.employment.services.posts import open_public_welfare_post
from fupin.employment.tests.factories import LaborerFactory
from fupin.monitoring import queries
from fupin.monitoring.choices import CaseStep, MeasureKind, Outcome, Purpose, SignalStatus
from fupin.monitoring.models import AssistanceMeasure, CaseEvent, MonitoringCase
from fupin.monitoring.services import cases, measures
from fupin.monitoring.tests.factories import SignalFactory, exited_household
from fupin.registry.choices import MonitoringMark, PovertyStatus
from fupin.registry.tests.factories import household_with_members

APRIL_1 = datetime.date(2020, 4, 1)


def _confirmed(village_user, town_user, district_user, household):
    SignalFactory(household=household)
    case = cases.open_case(household, by=village_user)
    cases.approve_step(case, by=village_user, version=case.version, appraisal="民主评议全票同意")
    cases.approve_step(case, by=town_user, version=case.version)
    return cases.approve_step(case, by=district_user, version=case.version)


@freeze_time("2020-04-01")
def test_the_chain_from_signal_to_county_confirmation_marks_the_household(
    village_user, town_user, district_user
):
    household = exited_household()
    signal = SignalFactory(household=household)

    case = cases.open_case(household, by=village_user)
    assert (case.step, case.step_deadline, case.due_on) == (
        CaseStep.VILLAGE,
        datetime.date(2020, 4, 8),
        datetime.date(2020, 4, 16),
    )
    cases.approve_step(case, by=village_user, version=case.version, appraisal="民主评议全票同意")
    assert case.step == CaseStep.TOWN and case.step_deadline == datetime.date(2020, 4, 5)
    cases.approve_step(case, by=town_user, version=case.version)
    cases.approve_step(case, by=district_user, version=case.version)

    household.refresh_from_db()
    signal.refresh_from_db()
    assert (case.step, case.outcome, case.monitored) == (CaseStep.DONE, Outcome.CONFIRMED, True)
    assert household.monitoring_mark == MonitoringMark.UNSTABLE and household.status == PovertyStatus.EXITED
    assert signal.status == SignalStatus.IN_CASE and signal.case_id == case.pk
    actions = list(
        AuditEntry.objects.filter(target_type="monitoring.monitoringcase")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "monitoring.case.opened",
        "monitoring.case.advanced",
        "monitoring.case.advanced",
        "monitoring.case.confirmed",
    ]


def test_a_town_cannot_confirm_in_the_countys_place(village_user, town_user):
    household = exited_household()
    SignalFactory(household=household)
    case = cases.open_case(household, by=village_user)
    cases.approve_step(case, by=village_user, version=case.version, appraisal="评议通过")
    cases.approve_step(case, by=town_user, version=case.version)

    with pytest.raises(NotAllowed):
        cases.approve_step(case, by=town_user, version=case.version)


def test_the_village_step_needs_the_appraisal_and_a_household_needs_an_open_signal(village_user):
    household = exited_household()
    with pytest.raises(DomainError, match="预警信息"):
        cases.open_case(household, by=village_user)
    SignalFactory(household=household)
    case = cases.open_case(household, by=village_user)

    with pytest.raises(DomainError) as refused:
        cases.approve_step(case, by=village_user, version=case.version)
    assert refused.value.field == "appraisal"


def test_a_late_step_escalates_once_and_shows_in_the_inbox_of_the_level_above(village_user, town_user):
    with freeze_time("2020-04-01"):
        household = exited_household()
        SignalFactory(household=household)
        case = cases.open_case(household, by=village_user)

    with freeze_time("2020-04-08"):
        assert cases.escalate_late_steps() == 0
    with freeze_time("2020-04-09"):
        assert cases.escalate_late_steps() == 1
        assert cases.escalate_late_steps() == 0
        inbox = queries.step_inbox(town_user, datetime.date(2020, 4, 9))
        mine = queries.step_inbox(village_user, datetime.date(2020, 4, 9))

    case.refresh_from_db()
    assert case.escalated_on == datetime.date(2020, 4, 9)
    assert inbox["below"]["overdue"] == [case] and mine["mine"]["overdue"] == [case]
    assert CaseEvent.objects.filter(case=case, action="escalated").count() == 1
    assert AuditEntry.objects.get(action="monitoring.case.escalated").region_code == case.region_code


def test_a_measure_places_the_households_laborer_on_a_public_welfare_post(
    village_user, town_user, district_user
):
    household = exited_household()
    case = _confirmed(village_user, town_user, district_user, household)
    laborer = LaborerFactory(member=household.members.first(), region_code=household.region_id)
    post = open_public_welfare_post(
        by=town_user, region_code=household.region_id, kind="cleaning", name="保洁员"
    )

    measure = measures.place_on_public_welfare_post(case, by=village_user, post=post, laborer=laborer)

    occupancy = PostOccupancy.objects.get()
    assert (measure.kind, measure.linked_type, measure.linked_id) == (
        MeasureKind.EMPLOYMENT,
        "employment.postoccupancy",
        occupancy.pk,
    )
    assert occupancy.laborer_id == laborer.pk
    assert AuditEntry.objects.filter(action="monitoring.assistancemeasure.added").count() == 1
    assert AuditEntry.objects.filter(action="employment.postoccupancy.started").count() == 1


def test_risk_cleared_is_refused_while_a_criterion_fails_and_goes_up_the_same_chain_when_they_hold(
    village_user, town_user, district_user
):
    household = exited_household(income_per_capita=5200)
    case = _confirmed(village_user, town_user, district_user, household)
    household.refresh_from_db()

    with pytest.raises(DomainError, match="监测线"):
        cases.open_clearing(household, by=village_user)

    household.__class__.objects.filter(pk=household.pk).update(income_per_capita=9000)
    household.refresh_from_db()
    clearing = cases.open_clearing(household, by=village_user)
    cases.approve_step(clearing, by=village_user, version=clearing.version, appraisal="收入稳定")
    cases.approve_step(clearing, by=town_user, version=clearing.version)
    cases.approve_step(clearing, by=district_user, version=clearing.version)

    household.refresh_from_db()
    case.refresh_from_db()
    assert clearing.purpose == Purpose.CLEAR and clearing.outcome == Outcome.CLEARED
    assert household.monitoring_mark == MonitoringMark.CLEARED
    assert case.outcome == Outcome.CONFIRMED and not case.monitored  # the history stays
    assert MonitoringCase.objects.filter(household=household).count() == 2


def test_a_rejected_case_ends_and_the_household_is_not_marked(village_user):
    household = exited_household()
    SignalFactory(household=household)
    case = cases.open_case(household, by=village_user)

    cases.reject_step(case, by=village_user, version=case.version, note="核实收入稳定")

    household.refresh_from_db()
    assert case.outcome == Outcome.REJECTED and household.monitoring_mark == ""
    assert AuditEntry.objects.filter(action="monitoring.case.rejected").count() == 1


def test_a_household_not_yet_out_of_poverty_is_not_identified_as_monitored(village_user):
    household = household_with_members(1, status=PovertyStatus.NOT_EXITED)
    SignalFactory(household=household)

    with pytest.raises(DomainError):
        cases.open_case(household, by=village_user)


def test_measures_need_a_confirmed_case(village_user):
    household = exited_household()
    SignalFactory(household=household)
    case = cases.open_case(household, by=village_user)

    with pytest.raises(DomainError):
        measures.add_measure(case, by=village_user, kind=MeasureKind.SUBSISTENCE, detail="纳入低保")
    assert AssistanceMeasure.objects.count() == 0
