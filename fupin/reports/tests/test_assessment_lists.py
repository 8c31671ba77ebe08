"""The lists behind a report's numbers on the one list page: filter, `?sort=`, pages, export, spellings."""

import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import services
from fupin.reports.tests.factories import make_period

pytestmark = pytest.mark.django_db

VILLAGE = "440703101201"


@pytest.fixture
def at_risk(villages, village_user):
    """A week in which households H000… of the village are at risk, each with its own income lost."""
    period = make_period()
    for i in range(52):
        household = HouseholdFactory(region_id=VILLAGE, number=f"H{i:03d}")
        answers = {"at_risk_return": True, "income_lost": 100 * i}
        services.save_assessment(by=village_user, period=period, household=household, answers=answers)
    return period


def _get(client, user, period, **params):
    client.force_login(user)
    return client.get(reverse("reports:at_risk"), {"region": "440703101", "period": period.pk, **params})


def test_at_risk_list_pages_by_50_in_village_and_number_order(client, town_user, at_risk):
    response = _get(client, town_user, at_risk, page=2)

    assert [a.household.number for a in response.context["page"].object_list] == ["H050", "H051"]
    assert "共52户" in response.content.decode()


def test_at_risk_list_sorts_by_income_lost_and_filters_by_number(client, town_user, at_risk):
    top = _get(client, town_user, at_risk, sort="-income_lost").context["page"].object_list
    one = _get(client, town_user, at_risk, number="H007").context["page"].object_list

    assert [a.income_lost for a in top][:2] == [5100, 5000]
    assert [a.household.number for a in one] == ["H007"]


def test_at_risk_export_holds_the_filtered_rows_in_the_chosen_order(client, town_user, at_risk):
    response = _get(client, town_user, at_risk, sort="-income_lost", export="xlsx")

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))[3:]
    assert len(rows) == 52 and [r[0] for r in rows[:2]] == ["H051", "H050"]
    assert AuditEntry.objects.get(action="reports.atrisk.exported").changes["rows"] == [None, 52]


def test_at_risk_list_redirects_the_former_sort_spelling(client, town_user, at_risk):
    response = _get(client, town_user, at_risk, ordering="-income_lost")

    assert response.status_code == 302
    assert response["Location"].endswith(f"?region=440703101&period={at_risk.pk}&sort=-income_lost")
