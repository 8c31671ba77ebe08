"""The employment API: orderings only on declared fields, writes only with the version read."""

import pytest
from rest_framework.test import APIClient

from fupin.employment.models import Enterprise
from fupin.employment.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_subsidy_kinds_ordered_by_a_field_they_do_not_have_is_a_400_with_the_choices(city_user):
    response = _api(city_user).get("/api/v1/employment/subsidy-kinds/", {"ordering": "region_code"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid" and "id" in response.json()["fields"]["ordering"][0]


def test_subsidy_kinds_ordered_by_a_declared_field_are_sorted(city_user):
    response = _api(city_user).get("/api/v1/employment/subsidy-kinds/", {"ordering": "-id"})

    ids = [row["id"] for row in response.json()["results"]]
    assert response.status_code == 200 and len(ids) > 1 and ids == sorted(ids, reverse=True)


def test_enterprise_patch_without_version_is_a_400_and_changes_nothing(town_user):
    enterprise = EnterpriseFactory(name="棠下某厂")

    response = _api(town_user).patch(
        f"/api/v1/employment/enterprises/{enterprise.pk}/", {"name": "改名"}, format="json"
    )

    assert response.status_code == 400 and "version" in response.json()["fields"]
    assert Enterprise.objects.get(pk=enterprise.pk).name == "棠下某厂"


def test_matching_run_without_a_region_code_is_a_400_in_the_error_format(town_user):
    response = _api(town_user).post("/api/v1/employment/match-batches/", ["440703101"], format="json")

    assert response.status_code == 400 and response.json()["error"] == "invalid"
