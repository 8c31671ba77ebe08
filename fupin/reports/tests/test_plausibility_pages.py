"""Plausibility on the page, the API, the services and the approval page."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory
from fupin.reports import services
from fupin.reports.models import Assessment
from fupin.reports.plausibility import Implausible, NeedsConfirmation
from fupin.reports.tests.factories import make_period, report_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def alone(villages):
    """A one-person household (aged 40 in 2020) of the village."""
    household = HouseholdFactory(region_id="440703101201", number="H001")
    MemberFactory(household=household, birth_date=datetime.date(1980, 5, 17))
    return household


@pytest.fixture
def week(alone):
    return make_period(iso_week=10)


def save_url(week, household):
    return reverse("reports:save_row", args=[week.pk, household.region_id, household.pk])


def test_99_confirmed_cases_for_a_one_person_household_are_refused_on_the_page(
    client, village_user, week, alone
):
    client.force_login(village_user)
    response = client.post(save_url(week, alone), {"confirmed_members": "99"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "确诊人数为99，超过该户家庭成员数（1）" in body
    assert 'name="confirm_warnings"' not in body  # a hard limit cannot be confirmed away
    assert 'value="99"' in body  # what was typed stays in the row
    assert not Assessment.objects.exists()


def test_99_confirmed_cases_for_a_one_person_household_are_refused_by_the_api(village_user, week, alone):
    api = APIClient()
    api.force_authenticate(village_user)
    body = {"period": week.pk, "household": alone.pk, "confirmed_members": 99, "confirm_warnings": True}
    response = api.post("/api/v1/reports/assessments/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "implausible"
    assert "confirmed_members" in response.json()["fields"]
    assert not Assessment.objects.exists()


def test_an_unusual_value_asks_for_confirmation_then_is_saved_with_its_warning(
    client, village_user, week, alone
):
    client.force_login(village_user)
    typed = {"unsold_produce_kg": "10", "unsold_produce_yuan": "5000"}
    first = client.post(save_url(week, alone), typed, HTTP_HX_REQUEST="true").content.decode()
    assert "每公斤500元" in first and 'name="confirm_warnings"' in first
    assert not Assessment.objects.exists()

    client.post(save_url(week, alone), {**typed, "confirm_warnings": "1"}, HTTP_HX_REQUEST="true")

    saved = Assessment.objects.get()
    assert saved.unsold_produce_yuan == 5000 and saved.warnings[0]["code"] == "price"
    entry = AuditEntry.objects.get(action="reports.assessment.created")
    assert "每公斤500元" in entry.changes["warnings"][1][0]


def test_the_api_asks_for_confirmation_of_a_jump_from_last_week(village_user, alone):
    week9, week10 = make_period(iso_week=9), make_period(iso_week=10)
    services.save_assessment(by=village_user, period=week9, household=alone, answers={})
    api = APIClient()
    api.force_authenticate(village_user)
    body = {"period": week10.pk, "household": alone.pk, "income_lost": 8000}

    asked = api.post("/api/v1/reports/assessments/", body, format="json")
    assert asked.status_code == 400 and asked.json()["error"] == "needs_confirmation"

    saved = api.post("/api/v1/reports/assessments/", {**body, "confirm_warnings": True}, format="json")
    assert saved.status_code == 201 and saved.json()["warnings"][0]["code"] == "jump"


def test_the_service_refuses_hard_limits_and_unconfirmed_warnings(village_user, week, alone):
    with pytest.raises(Implausible):
        services.save_assessment(
            by=village_user, period=week, household=alone, answers={"members_not_back": 2}
        )
    with pytest.raises(NeedsConfirmation):
        services.save_assessment(
            by=village_user, period=week, household=alone, answers={"unsold_produce_yuan": 100}
        )
    assert not AuditEntry.objects.filter(action__startswith="reports.assessment").exists()


def test_an_import_row_past_a_household_limit_refuses_the_file(district_user, week, alone):
    with pytest.raises(Exception, match="超过该户家庭成员数"):
        services.import_assessments(
            by=district_user, period=week, rows=[{"number": "H001", "isolated_members": 3}]
        )
    assert not Assessment.objects.exists()


def test_the_town_sees_the_confirmed_warnings_on_the_approval_page(
    client, village_user, town_user, week, alone
):
    services.save_assessment(
        by=village_user,
        period=week,
        household=alone,
        answers={"unsold_produce_kg": 10, "unsold_produce_yuan": 5000},
        confirm_warnings=True,
    )
    report = submitted(week, village_user)
    client.force_login(town_user)
    body = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "需核实的数值" in body and "每公斤500元" in body and "H001" in body
    assert report_of(week).status == "submitted"
