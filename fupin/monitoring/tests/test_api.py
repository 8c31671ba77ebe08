"""The monitoring API as the fuzzer sees it: the board is one documented object, blank choices are in the
schema, and odd input is a 4xx, never a 500."""

import pytest
from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from fupin.monitoring.api.serializers import MonitoringBoardRegionSerializer, MonitoringBoardSerializer
from fupin.monitoring.choices import CaseStep
from fupin.monitoring.tests.factories import CaseFactory, SignalFactory, exited_household

pytestmark = pytest.mark.django_db


def _schema():
    patterns = [path("api/v1/", include("fupin.monitoring.api.urls"))]
    return SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_board_is_documented_as_one_object_and_answers_with_its_fields(town_user):
    SignalFactory()
    CaseFactory(step=CaseStep.TOWN)

    data = _api(town_user).get("/api/v1/monitoring/board/").json()
    operation = _schema()["paths"]["/api/v1/monitoring/board/"]["get"]

    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response_schema == {"$ref": "#/components/schemas/MonitoringBoard"}
    assert not [p for p in operation.get("parameters", []) if p["name"] in ("page", "ordering")]
    assert set(data) == set(MonitoringBoardSerializer().fields)
    assert set(data["regions"][0]) == set(MonitoringBoardRegionSerializer().fields)
    assert data["open_signals"] == 1 and data["by_step"] == {"town": 1}


def test_the_board_ignores_page_and_ordering(town_user):
    SignalFactory()
    api = _api(town_user)

    plain = api.get("/api/v1/monitoring/board/")
    odd = api.get("/api/v1/monitoring/board/", {"page": 0, "ordering": "", "page_size": -1})
    unknown = api.get("/api/v1/monitoring/board/", {"ordering": "no_such_field"})

    assert plain.status_code == odd.status_code == unknown.status_code == 200
    assert plain.json() == odd.json() == unknown.json()


def test_the_board_refuses_those_without_the_monitoring(auditor_user):
    assert _api(auditor_user).get("/api/v1/monitoring/board/").status_code == 403


def test_the_schema_admits_the_blank_department_and_risk_type_a_signal_answers_with(village_user):
    SignalFactory(department="", risk_type="")
    signal = _api(village_user).get("/api/v1/monitoring/signals/").json()["results"][0]

    properties = _schema()["components"]["schemas"]["Signal"]["properties"]

    assert (signal["department"], signal["risk_type"]) == ("", "")
    for name in ("department", "risk_type"):
        assert {"$ref": "#/components/schemas/BlankEnum"} in properties[name]["oneOf"], name


def test_an_unknown_ordering_of_a_monitoring_list_is_a_400_and_page_0_a_documented_404(town_user):
    api = _api(town_user)

    assert api.get("/api/v1/monitoring/cases/", {"ordering": "no_such_field"}).status_code == 400
    assert api.get("/api/v1/monitoring/cases/", {"ordering": ""}).status_code == 200
    assert api.get("/api/v1/monitoring/signals/", {"page": 0}).status_code == 404
    assert "404" in _schema()["paths"]["/api/v1/monitoring/signals/"]["get"]["responses"]


@pytest.mark.parametrize("household", [0, -1, 2**63, 10**30, "x"])
def test_an_application_for_an_impossible_household_id_is_a_400(village_user, household):
    response = _api(village_user).post(
        "/api/v1/monitoring/signals/", {"household": household, "reason": "因病", "risk_type": "illness"}
    )

    assert response.status_code == 400 and "household" in response.json()["fields"]


def test_an_application_with_an_unknown_risk_type_is_a_400(village_user):
    household = exited_household()

    response = _api(village_user).post(
        "/api/v1/monitoring/signals/", {"household": household.pk, "reason": "因病", "risk_type": "nonsense"}
    )

    assert response.status_code == 400 and "risk_type" in response.json()["fields"]
