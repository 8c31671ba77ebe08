"""A household's next week counts as newly affected in what it shows and this week did not: whatever
writes this week (page, "no change", delete, Excel import, API) refreshes the next week's flags."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import rollup, services
from fupin.reports.choices import ReportStatus
from fupin.reports.models import Assessment
from fupin.reports.tests.factories import make_period, report_of

pytestmark = pytest.mark.django_db

NOT_BACK = {"members_not_back": 2}
HOUSING = {"housing_unsafe": True}


@pytest.fixture
def household(villages):
    return HouseholdFactory(region_id="440703101201", number="H001")


@pytest.fixture
def weeks(villages):
    return make_period(iso_week=9), make_period(iso_week=10)


def flags(period, household):
    return Assessment.objects.get(period=period, household=household).newly_affected


def roll_up_is_consistent(*periods):
    return all(rollup.maintained_cells(p.pk) == dict(rollup.computed_cells(p.pk)) for p in periods)


def proposals_of(client, user, period):
    client.force_login(user)
    response = client.get(reverse("reports:proposals"), {"region": "440703101", "period": period.pk})
    return [a.household.number for a in response.context["page"]]


def test_the_proposals_of_next_week_change_when_last_week_is_edited(
    client, village_user, town_user, household, weeks
):
    week9, week10 = weeks
    services.save_assessment(by=village_user, period=week10, household=household, answers=NOT_BACK)
    assert proposals_of(client, town_user, week10) == ["H001"]

    services.save_assessment(by=village_user, period=week9, household=household, answers=NOT_BACK)
    assert proposals_of(client, town_user, week10) == []

    a9 = Assessment.objects.get(period=week9, household=household)
    services.save_assessment(
        by=village_user, period=week9, household=household, answers={}, version=a9.version
    )
    assert proposals_of(client, town_user, week10) == ["H001"]
    assert roll_up_is_consistent(week9, week10)


def test_the_refresh_is_audited_as_recomputed_with_the_cause(village_user, household, weeks):
    week9, week10 = weeks
    a10 = services.save_assessment(by=village_user, period=week10, household=household, answers=NOT_BACK)
    a9 = services.save_assessment(
        by=village_user, period=week9, household=household, answers={**NOT_BACK, **HOUSING}
    )
    entry = AuditEntry.objects.get(action="reports.assessment.recomputed")
    assert (entry.actor, entry.target_id, entry.region_code) == (village_user, str(a10.pk), "440703101201")
    assert entry.changes == {"newly_affected": ["hh_employment", ""]}
    assert entry.source == f"assessment:{a9.pk}"
    assert Assessment.objects.get(pk=a10.pk).version == a10.version  # the typed answers did not change


def test_an_edit_that_changes_nothing_affected_leaves_next_week_alone(village_user, household, weeks):
    week9, week10 = weeks
    services.save_assessment(by=village_user, period=week10, household=household, answers=NOT_BACK)
    services.save_assessment(by=village_user, period=week9, household=household, answers=NOT_BACK)
    services.save_assessment(
        by=village_user, period=week9, household=household, answers={**NOT_BACK, "notes": "已核实"}
    )
    assert AuditEntry.objects.filter(action="reports.assessment.recomputed").count() == 1


def test_deleting_last_week_makes_this_weeks_affected_dimensions_new(village_user, household, weeks):
    week9, week10 = weeks
    a9 = services.save_assessment(by=village_user, period=week9, household=household, answers=NOT_BACK)
    services.save_assessment(
        by=village_user, period=week10, household=household, answers={**NOT_BACK, **HOUSING}
    )
    assert flags(week10, household) == "housing_unsafe"
    services.delete_assessment(by=village_user, assessment=a9)
    assert flags(week10, household) == "hh_employment,housing_unsafe"
    assert roll_up_is_consistent(week9, week10)


def test_no_change_and_excel_import_of_last_week_refresh_next_week(
    village_user, district_user, household, villages
):
    week8, week9, week10 = make_period(iso_week=8), make_period(iso_week=9), make_period(iso_week=10)
    services.save_assessment(by=village_user, period=week8, household=household, answers=HOUSING)
    services.save_assessment(by=village_user, period=week10, household=household, answers=HOUSING)
    assert flags(week10, household) == "housing_unsafe"
    services.carry_forward(by=village_user, period=week9, household=household)
    assert flags(week10, household) == ""
    services.import_assessments(by=district_user, period=week9, rows=[{"number": "H001", **NOT_BACK}])
    assert flags(week10, household) == "housing_unsafe"
    assert roll_up_is_consistent(week8, week9, week10)


def test_an_api_write_of_last_week_refreshes_next_week(village_user, household, weeks):
    week9, week10 = weeks
    services.save_assessment(by=village_user, period=week10, household=household, answers=NOT_BACK)
    api = APIClient()
    api.force_authenticate(village_user)
    response = api.post(
        "/api/v1/reports/assessments/",
        {"period": week9.pk, "household": household.pk, "members_not_back": 1},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert flags(week10, household) == ""
    assert api.delete(f"/api/v1/reports/assessments/{response.json()['id']}/").status_code == 204
    assert flags(week10, household) == "hh_employment"


def test_an_approved_next_week_gets_its_flags_refreshed_but_stays_locked(
    village_user, town_user, district_user, household, weeks
):
    week9, week10 = weeks
    a9 = services.save_assessment(by=village_user, period=week9, household=household, answers={})
    services.save_assessment(by=village_user, period=week10, household=household, answers=NOT_BACK)
    for period in weeks:
        report = services.submit_report(report_of(period), by=village_user)
        services.approve_report(services.approve_report(report, by=town_user), by=district_user)
    services.unlock_report(report_of(week9), by=district_user, reason="更正第9周未返岗人数")

    services.save_assessment(
        by=village_user, period=week9, household=household, answers=NOT_BACK, version=a9.version
    )

    assert flags(week10, household) == ""
    assert report_of(week10).status == ReportStatus.APPROVED
    assert AuditEntry.objects.filter(action="reports.assessment.recomputed").exists()
    assert roll_up_is_consistent(week9, week10)


def test_another_region_trees_week_is_not_the_next_week(village_user, household, villages):
    week9 = make_period(iso_week=9)
    other_tree_week10 = make_period(iso_week=10, region_prefix="440703")
    services.save_assessment(by=village_user, period=other_tree_week10, household=household, answers=NOT_BACK)
    services.save_assessment(by=village_user, period=week9, household=household, answers=NOT_BACK)
    assert flags(other_tree_week10, household) == "hh_employment"
