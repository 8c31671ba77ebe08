import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from fupin.accounts.roles import Role
from fupin.accounts.tests.factories import make_user
from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError, OutOfScope
from fupin.ledgers import services as ledger_services
from fupin.ledgers.choices import Category, LedgerKind, Source
from fupin.ledgers.models import LedgerItem
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import proposals, services
from fupin.reports.tests.factories import make_period

pytestmark = pytest.mark.django_db

HOUSING_AND_SCHOOL = {"housing_unsafe": True, "children_out_of_school": 1}


def _assess(period, number, region_code, answers):
    household = HouseholdFactory(region_id=region_code, number=number)
    filler = make_user(Role.VILLAGE_CADRE, region_code, username=f"filler{number}")
    return services.save_assessment(by=filler, period=period, household=household, answers=answers)


@pytest.fixture
def week(villages):
    period = make_period()
    return {
        "period": period,
        "a1": _assess(period, "H001", "440703101201", HOUSING_AND_SCHOOL),
        "a2": _assess(period, "H002", "440703101202", {"water_unsafe": True}),
        "far": _assess(period, "H003", "440703102201", {"unmet_medical": True}),
    }


def test_town_user_creates_one_assistance_item_per_household_and_dimension(town_user, week):
    period, a1, a2 = week["period"], week["a1"], week["a2"]

    created, skipped = proposals.create_ledger_items(
        by=town_user, period=period, assessment_ids=[a1.pk, a2.pk], days=10
    )

    assert skipped == []
    items = LedgerItem.objects.filter(pk__in=[i.pk for i in created])
    got = {(i.household.number, i.category, i.region_code) for i in items}
    assert got == {
        ("H001", Category.HOUSING, "440703101201"),
        ("H001", Category.EDUCATION, "440703101201"),
        ("H002", Category.WATER, "440703101202"),
    }
    assert {i.kind for i in items} == {LedgerKind.ASSISTANCE}
    assert {i.source for i in items} == {Source.WEEKLY}
    assert {i.deadline for i in items} == {timezone.localdate() + datetime.timedelta(days=10)}
    assert all(period.label in i.description for i in items)
    assert any("住房不安全户数" in i.description for i in items)
    audited = AuditEntry.objects.filter(action="ledgers.ledgeritem.created", actor=town_user)
    assert audited.count() == 3
    assert set(audited.values_list("source", flat=True)) == {f"weekly:{period.pk}"}


def test_a_second_run_creates_no_duplicates_and_returns_the_existing_items(town_user, week):
    period, a1 = week["period"], week["a1"]
    first, _ = proposals.create_ledger_items(by=town_user, period=period, assessment_ids=[a1.pk])

    created, skipped = proposals.create_ledger_items(by=town_user, period=period, assessment_ids=[a1.pk])

    assert created == []
    assert {i.pk for i in skipped} == {i.pk for i in first}
    assert LedgerItem.objects.filter(household=a1.household).count() == 2


def test_a_user_editing_the_items_note_does_not_make_the_proposal_create_it_again(town_user, week):
    from fupin.ledgers import services as ledger_services

    period, a1 = week["period"], week["a1"]
    first, _ = proposals.create_ledger_items(by=town_user, period=period, assessment_ids=[a1.pk])
    assert all(item.note == "" for item in first)  # no technical key shown to the user as a note
    ledger_services.update_item(first[0], by=town_user, version=first[0].version, note="已联系村委跟进")

    created, skipped = proposals.create_ledger_items(by=town_user, period=period, assessment_ids=[a1.pk])

    assert created == [] and {i.pk for i in skipped} == {i.pk for i in first}


def test_a_village_cadre_without_create_permission_gets_403_on_page_and_api(client, village_user, week):
    period, a1 = week["period"], week["a1"]
    client.force_login(village_user)

    page = client.post(
        reverse("reports:proposals_create_items") + f"?region=440703101201&period={period.pk}",
        {"assessment": [a1.pk], "days": 14},
    )
    api = APIClient()
    api.force_authenticate(village_user)
    response = api.post(
        f"/api/v1/reports/periods/{period.pk}/ledger-items/", {"assessments": [a1.pk]}, format="json"
    )

    assert page.status_code == 403
    assert response.status_code == 403
    assert not LedgerItem.objects.exists()


def test_out_of_scope_households_are_refused_and_nothing_is_created(client, town_user, week):
    period, a1, far = week["period"], week["a1"], week["far"]

    with pytest.raises(OutOfScope):
        proposals.create_ledger_items(by=town_user, period=period, assessment_ids=[a1.pk, far.pk])
    client.force_login(town_user)
    page = client.post(
        reverse("reports:proposals_create_items") + f"?period={period.pk}",
        {"assessment": [a1.pk, far.pk], "days": 14},
    )

    assert page.status_code == 404
    assert not LedgerItem.objects.exists()
    assert not AuditEntry.objects.filter(action="ledgers.ledgeritem.created").exists()


def test_the_batch_is_all_or_nothing_when_one_item_fails(town_user, week, monkeypatch):
    period, a1, a2 = week["period"], week["a1"], week["a2"]
    real = ledger_services.create_item

    def failing_for_h002(**kwargs):
        if kwargs["household"].number == "H002":
            raise DomainError("boom")
        return real(**kwargs)

    monkeypatch.setattr(ledger_services, "create_item", failing_for_h002)

    with pytest.raises(DomainError):
        proposals.create_ledger_items(by=town_user, period=period, assessment_ids=[a1.pk, a2.pk])

    assert not LedgerItem.objects.exists()
    assert not AuditEntry.objects.filter(action="ledgers.ledgeritem.created").exists()


def test_the_deadline_days_must_be_a_sensible_number(town_user, week):
    with pytest.raises(DomainError):
        proposals.create_ledger_items(
            by=town_user, period=week["period"], assessment_ids=[week["a1"].pk], days=0
        )
    assert not LedgerItem.objects.exists()


def test_the_page_creates_all_on_the_page_and_then_links_the_existing_items(client, district_user, week):
    period = week["period"]
    client.force_login(district_user)
    url = reverse("reports:proposals") + f"?region=440703&period={period.pk}"
    page_ids = [week["a1"].pk, week["a2"].pk, week["far"].pk]

    response = client.post(
        reverse("reports:proposals_create_items") + f"?region=440703&period={period.pk}",
        {"all_on_page": "1", "page_assessment": page_ids, "days": "7"},
    )

    assert response.status_code == 302
    assert LedgerItem.objects.count() == 4
    body = client.get(url).content.decode()
    item = LedgerItem.objects.get(household=week["far"].household)
    assert reverse("ledgers:item_detail", args=[item.pk]) in body
    assert 'name="assessment"' not in body


def test_the_api_creates_items_and_reports_existing_ones(district_user, week):
    period, a1 = week["period"], week["a1"]
    api = APIClient()
    api.force_authenticate(district_user)
    url = f"/api/v1/reports/periods/{period.pk}/ledger-items/"

    first = api.post(url, {"assessments": [a1.pk], "days": 14}, format="json")
    second = api.post(url, {"assessments": [a1.pk]}, format="json")

    assert first.status_code == 201 and len(first.json()["created"]) == 2
    assert second.status_code == 200
    assert second.json()["created"] == []
    assert sorted(second.json()["existing"]) == sorted(first.json()["created"])
