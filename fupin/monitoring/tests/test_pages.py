"""Pages and API of the monitoring: open for the personas, need the permission, scoped, exported."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.monitoring.choices import CaseStep, SignalStatus
from fupin.monitoring.models import MonitoringCase, Signal
from fupin.monitoring.tests.factories import CaseFactory, ExitFactory, SignalFactory, exited_household

PAGES = [
    "monitoring:home",
    "monitoring:inbox",
    "monitoring:signal_list",
    "monitoring:case_list",
    "monitoring:exit_list",
    "monitoring:policy_check",
    "monitoring:rule_list",
]


@pytest.mark.parametrize("name", PAGES)
def test_monitoring_pages_open_for_a_town_and_need_the_permission(client, town_user, auditor_user, name):
    SignalFactory()
    CaseFactory()
    client.force_login(town_user)
    assert client.get(reverse(name)).status_code == 200
    client.force_login(auditor_user)
    assert client.get(reverse(name)).status_code == 403


def test_a_case_of_another_town_answers_404(client, other_town_user):
    case = CaseFactory()
    client.force_login(other_town_user)

    assert client.get(reverse("monitoring:case_detail", args=[case.pk])).status_code == 404


def test_the_board_counts_open_signals_cases_by_step_and_overdue_steps(client, town_user):
    SignalFactory()
    CaseFactory(step_deadline=datetime.date(2020, 1, 1))
    CaseFactory(step=CaseStep.TOWN, step_deadline=datetime.date(2999, 1, 1))
    client.force_login(town_user)

    response = client.get(reverse("monitoring:home"))

    data = response.context["data"]
    assert data["open_signals"] == 1 and data["overdue"] == 1
    assert data["by_step"] == {"village": 1, "town": 1}


def test_a_village_cadre_records_an_application_on_the_page(client, village_user):
    household = exited_household()
    client.force_login(village_user)

    response = client.post(
        reverse("monitoring:application"),
        {"form": "registered", "number": household.number, "reason": "大病", "risk_type": "illness"},
    )

    assert response.status_code == 302
    assert Signal.objects.get().household_id == household.pk


def test_the_ledger_export_is_audited(client, town_user):
    CaseFactory()
    client.force_login(town_user)

    response = client.get(reverse("monitoring:case_list") + "?export=xlsx")

    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="monitoring.monitoringcase.exported").count() == 1


def test_the_api_records_an_application_and_lists_it_in_scope(village_user, other_village_user):
    household = exited_household()
    api = APIClient()
    api.force_authenticate(village_user)

    created = api.post(
        "/api/v1/monitoring/signals/",
        {"household": household.pk, "reason": "失业", "risk_type": "unemployment"},
    )
    listed = api.get("/api/v1/monitoring/signals/")
    api.force_authenticate(other_village_user)
    hidden = api.get(f"/api/v1/monitoring/signals/{created.data['id']}/")

    assert created.status_code == 201 and created.data["status"] == SignalStatus.OPEN
    assert [row["id"] for row in listed.data["results"]] == [created.data["id"]]
    assert hidden.status_code == 404


def test_the_api_moves_a_case_up_a_level(village_user):
    household = exited_household()
    SignalFactory(household=household)
    api = APIClient()
    api.force_authenticate(village_user)
    case_id = api.get("/api/v1/monitoring/cases/").data["count"]
    assert case_id == 0
    from fupin.monitoring.services.cases import open_case

    case = open_case(household, by=village_user)

    response = api.post(
        f"/api/v1/monitoring/cases/{case.pk}/approve/", {"version": case.version, "appraisal": "评议通过"}
    )

    assert response.status_code == 200 and response.data["step"] == CaseStep.TOWN
    assert MonitoringCase.objects.get().step == CaseStep.TOWN


def test_the_board_api_answers_in_scope(town_user):
    ExitFactory()
    api = APIClient()
    api.force_authenticate(town_user)

    response = api.get("/api/v1/monitoring/board/")

    assert response.status_code == 200 and response.data["exits_by_step"] == {"proposed": 1}
