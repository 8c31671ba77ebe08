"""Naming an out-of-scope laborer in the training API answers exactly like naming a missing one."""

import datetime

from rest_framework.test import APIClient

from fupin.employment.tests.factories import LaborerFactory
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory
from fupin.training.models import TrainingWillingness


def _laborer(village):
    return LaborerFactory(member=MemberFactory(household=HouseholdFactory(region_id=village)))


def _post(user, laborer_id):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(
        "/api/v1/training/willingness/", {"laborer": laborer_id, "willing": True}, format="json"
    )


def test_willingness_for_an_out_of_scope_laborer_answers_like_a_missing_one(town_user):
    other = _laborer("440703102201")
    TrainingWillingness.objects.create(
        laborer=other, region_code=other.region_code, willing=True, recorded_on=datetime.date(2020, 3, 1)
    )

    out_of_scope = _post(town_user, other.pk)
    missing = _post(town_user, 999999)

    assert out_of_scope.status_code == missing.status_code == 400
    assert out_of_scope.json()["fields"] == {
        "laborer": [m.replace("999999", str(other.pk)) for m in missing.json()["fields"]["laborer"]]
    }


def test_willingness_for_a_laborer_in_scope_is_recorded_and_updated(town_user):
    mine = _laborer("440703101201")

    first, second = _post(town_user, mine.pk), _post(town_user, mine.pk)

    assert first.status_code == 201 and second.status_code == 201
