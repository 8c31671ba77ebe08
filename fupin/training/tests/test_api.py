"""The training API: orderings only on declared fields, required answers, writes with the version read."""

import pytest
from rest_framework.test import APIClient

from fupin.employment.tests.factories import LaborerFactory
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory
from fupin.training.models import TrainingWillingness

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_programmes_ordered_by_a_field_they_do_not_have_is_a_400(city_user):
    response = _api(city_user).get("/api/v1/training/programs/", {"ordering": "region_code"})

    assert response.status_code == 400 and "ordering" in response.json()["fields"]


def test_willingness_without_willing_is_a_400_and_records_nothing(town_user):
    laborer = LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id="440703101201")))

    response = _api(town_user).post(
        "/api/v1/training/willingness/", {"laborer": laborer.pk, "program_kind": "chef"}, format="json"
    )

    assert response.status_code == 400 and "willing" in response.json()["fields"]
    assert not TrainingWillingness.objects.exists()
