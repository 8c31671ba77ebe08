"""The weekly dashboard opens on the latest week with reports in it; the week picker shows completeness."""

import pytest
from django.urls import reverse

from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import services
from fupin.reports.tests.factories import make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def weeks(villages, village_user):
    households = [HouseholdFactory(region_id="440703101201") for _n in range(4)]
    week17, week18 = make_period(iso_week=17), make_period(iso_week=18)
    for household in households[:3]:
        services.save_assessment(by=village_user, period=week17, household=household, answers={})
    services.save_assessment(by=village_user, period=week18, household=households[0], answers={})
    week19 = make_period(iso_week=19)  # just opened: nothing reported yet
    return week17, week18, week19


def test_the_dashboard_opens_on_the_latest_week_with_reports_not_one_just_opened(client, city_user, weeks):
    _week17, week18, _week19 = weeks
    client.force_login(city_user)
    response = client.get(reverse("reports:home"))
    assert response.context["period"] == week18
    assert response.context["totals"]["rate"] == 25


def test_the_week_picker_shows_each_weeks_completeness(client, city_user, weeks):
    client.force_login(city_user)
    body = client.get(reverse("reports:home")).content.decode()
    assert "第17周 · 75%" in body and "第18周 · 25%" in body and "第19周 · 0%" in body


def test_a_week_chosen_in_the_picker_still_opens_even_when_empty(client, city_user, weeks):
    client.force_login(city_user)
    response = client.get(reverse("reports:home"), {"period": weeks[2].pk})
    assert response.context["period"] == weeks[2]
