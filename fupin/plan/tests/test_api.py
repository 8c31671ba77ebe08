"""The plan API's writes: a change without the version read is refused, never an overwrite."""

import pytest
from rest_framework.test import APIClient

from fupin.plan import services
from fupin.plan.models import Target

pytestmark = pytest.mark.django_db


def test_target_patch_without_version_is_a_400_and_changes_nothing(city_user):
    row = services.load_plan().targets.get(code="housing-safety-households")
    client = APIClient()
    client.force_authenticate(city_user)

    response = client.patch(f"/api/v1/plan/targets/{row.pk}/", {"value": "120"}, format="json")

    assert response.status_code == 400 and "version" in response.json()["fields"]
    assert Target.objects.get(pk=row.pk).value == row.value


def test_target_patch_with_a_version_that_is_not_a_number_is_a_400(city_user):
    row = services.load_plan().targets.get(code="housing-safety-households")
    client = APIClient()
    client.force_authenticate(city_user)

    response = client.patch(f"/api/v1/plan/targets/{row.pk}/", {"value": "1", "version": "v1"}, format="json")

    assert response.status_code == 400 and "version" in response.json()["fields"]
