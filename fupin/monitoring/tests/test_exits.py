"""贫困户退出: criteria checked at each step, 公示 dates and objections, 销号 through the registry."""

import datetime

import pytest
from freezegun import freeze_time

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError
from fupin.ledgers.models import LedgerItem
from fupin.monitoring import queries
from fupin.monitoring.choices import ExitStep
from fupin.monitoring.services import exits
from fupin.registry.choices import HouseholdCategory, PovertyStatus
from fupin.registry.tests.factories import household_with_members


def _ready(**kwargs):
    kwargs.setdefault("income_per_capita", 9000)
    return household_with_members(2, status=PovertyStatus.NOT_EXITED, **kwargs)


def test_a_household_failing_a_criterion_cannot_be_proposed_and_is_told_why(village_user):
    household = _ready(income_per_capita=3500, water_safe=False)

    with pytest.raises(DomainError) as refused:
        exits.propose_exit(household, by=village_user, agreed=True)

    assert "人均纯收入" in str(refused.value) and "饮水" in str(refused.value)
    assert not AuditEntry.objects.filter(action="monitoring.exitcase.proposed").exists()


def test_the_exit_chain_records_the_notice_dates_and_ends_with_the_registry_status_and_year(
    village_user, town_user, district_user
):
    household = _ready()
    with freeze_time("2020-03-02"):
        exit_case = exits.propose_exit(household, by=village_user, agreed=True)
        exits.appraise_exit(
            exit_case, by=village_user, version=exit_case.version, appraisal="村民代表会议评议通过"
        )
        exits.start_notice(
            exit_case,
            by=village_user,
            version=exit_case.version,
            starts_on=datetime.date(2020, 3, 3),
            ends_on=datetime.date(2020, 3, 9),
        )
        objection = exits.record_objection(exit_case, by=village_user, text="收入核算有误")
    with freeze_time("2020-03-10"):
        with pytest.raises(DomainError, match="异议"):
            exits.verify_exit(exit_case, by=town_user, version=exit_case.version)
        exits.resolve_objection(objection, by=village_user, resolution="已重新核算，收入属实")
        exits.verify_exit(exit_case, by=town_user, version=exit_case.version)
        exits.approve_exit(exit_case, by=district_user, version=exit_case.version)
        exits.close_exit(exit_case, by=district_user, version=exit_case.version)

    household.refresh_from_db()
    assert exit_case.step == ExitStep.CLOSED and exit_case.exit_year == 2020
    assert (exit_case.notice_starts_on, exit_case.notice_ends_on) == (
        datetime.date(2020, 3, 3),
        datetime.date(2020, 3, 9),
    )
    assert household.status == PovertyStatus.EXITED and household.year_exited == 2020
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "monitoring.exitcase.notice_started",
        "monitoring.exitcase.closed",
        "registry.household.status_changed",
    } <= actions


def test_verification_waits_for_the_end_of_the_notice_and_the_notice_lasts_a_week(village_user, town_user):
    household = _ready()
    with freeze_time("2020-03-02"):
        exit_case = exits.propose_exit(household, by=village_user, agreed=True)
        exits.appraise_exit(exit_case, by=village_user, version=exit_case.version, appraisal="评议通过")
        with pytest.raises(DomainError):
            exits.start_notice(
                exit_case,
                by=village_user,
                version=exit_case.version,
                starts_on=datetime.date(2020, 3, 3),
                ends_on=datetime.date(2020, 3, 5),
            )
        exits.start_notice(
            exit_case,
            by=village_user,
            version=exit_case.version,
            starts_on=datetime.date(2020, 3, 3),
            ends_on=datetime.date(2020, 3, 9),
        )
        with pytest.raises(DomainError, match="公示期"):
            exits.verify_exit(exit_case, by=town_user, version=exit_case.version)


def test_a_criterion_failing_later_stops_the_chain_at_verification(village_user, town_user):
    household = _ready()
    with freeze_time("2020-03-02"):
        exit_case = exits.propose_exit(household, by=village_user, agreed=True)
        exits.appraise_exit(exit_case, by=village_user, version=exit_case.version, appraisal="评议通过")
        exits.start_notice(
            exit_case,
            by=village_user,
            version=exit_case.version,
            starts_on=datetime.date(2020, 3, 2),
            ends_on=datetime.date(2020, 3, 8),
        )
    household.__class__.objects.filter(pk=household.pk).update(housing_grade="D")
    with freeze_time("2020-03-10"), pytest.raises(DomainError, match="住房"):
        exits.verify_exit(exit_case, by=town_user, version=exit_case.version)


def test_a_household_that_lost_subsistence_at_exit_while_eligible_is_a_problem_item(
    village_user, town_user, district_user
):
    household = _ready(category=HouseholdCategory.SUBSISTENCE, income_per_capita=8000)
    with freeze_time("2020-03-02"):
        exit_case = exits.propose_exit(household, by=village_user, agreed=True)
        exits.appraise_exit(exit_case, by=village_user, version=exit_case.version, appraisal="评议通过")
        exits.start_notice(
            exit_case,
            by=village_user,
            version=exit_case.version,
            starts_on=datetime.date(2020, 3, 2),
            ends_on=datetime.date(2020, 3, 8),
        )
    with freeze_time("2020-03-10"):
        exits.verify_exit(exit_case, by=town_user, version=exit_case.version)
        exits.approve_exit(exit_case, by=district_user, version=exit_case.version)
        exits.close_exit(exit_case, by=district_user, version=exit_case.version)
    household.__class__.objects.filter(pk=household.pk).update(category=HouseholdCategory.GENERAL)

    assert list(queries.lost_subsistence(town_user)) == [exit_case]
    item = exits.open_policy_problem(exit_case, by=town_user, deadline=datetime.date(2020, 4, 10))

    assert LedgerItem.objects.get() == item and item.category == "policy"
    assert AuditEntry.objects.filter(action="monitoring.exitcase.policy_problem").count() == 1
