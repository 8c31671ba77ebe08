"""A supervision target's rows over the API: GET lists them, POST adds one through the service first."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from fupin.ledgers import supervision
from fupin.ledgers.choices import SupervisionGroup, TargetKind
from fupin.registry.choices import HousingGrade
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def _target(by):
    return supervision.add_target(
        by=by,
        kind=TargetKind.HOUSEHOLD,
        group=SupervisionGroup.HOUSING,
        household=HouseholdFactory(housing_grade=HousingGrade.C),
        deadline=datetime.date(2030, 6, 30),
        plan_money=20000,
    )


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_checkins_are_added_and_listed_over_the_api(district_user, village_user):
    target = _target(district_user)
    url = f"/api/v1/ledgers/supervision-targets/{target.pk}/checkins/"
    month = timezone.localdate().replace(day=1).isoformat()

    added = _api(village_user).post(url, {"month": month, "text": "走访了解收入"}, format="json")
    listed = _api(village_user).get(url)

    assert added.status_code == 200 and [r["text"] for r in added.json()] == ["走访了解收入"]
    assert listed.json() == added.json()
    assert target.checkins.get().by == village_user


def test_a_refused_checkin_is_a_400_and_adds_nothing(district_user, village_user):
    target = _target(district_user)
    url = f"/api/v1/ledgers/supervision-targets/{target.pk}/checkins/"
    month = timezone.localdate().replace(day=1).isoformat()

    response = _api(village_user).post(url, {"month": month, "text": "  "}, format="json")

    assert response.status_code == 400 and not target.checkins.exists()


def test_renovations_are_added_and_listed_over_the_api(district_user, village_user):
    target = _target(district_user)
    url = f"/api/v1/ledgers/supervision-targets/{target.pk}/renovations/"

    added = _api(village_user).post(url, {"work": "加固墙体"}, format="json")
    listed = _api(village_user).get(url)

    assert added.status_code == 200 and added.json()[0]["grade_before"] == HousingGrade.C
    assert listed.json() == added.json() and target.renovations.count() == 1
