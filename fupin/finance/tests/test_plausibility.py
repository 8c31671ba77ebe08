"""Plausibility of loans: hard limits refused with the reason, soft warnings confirmed and kept on the
loan, where its page shows them (finance.plausibility)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.audit.models import AuditEntry
from fupin.core.plausibility import Implausible, NeedsConfirmation
from fupin.finance import plausibility, services
from fupin.finance.models import Loan
from fupin.finance.plausibility import LoanFacts
from fupin.registry.tests.factories import HouseholdFactory

VILLAGE = "440703101201"
TODAY = datetime.date(2020, 6, 1)


def test_a_loan_disbursed_after_today_or_with_a_premium_over_the_loan_is_refused():
    facts = LoanFacts(today=TODAY)

    with pytest.raises(Implausible) as refused:
        plausibility.check_loan(10000, datetime.date(2020, 7, 1), 20000, facts, confirmed=True)

    assert [f.code for f in refused.value.findings] == ["future", "over_amount"]


def test_a_second_microcredit_an_outlier_and_a_large_premium_are_warned():
    facts = LoanFacts(today=TODAY, household_loans=["JMNS-1"], kind_amounts=[300000] * 9 + [500000])

    soft = plausibility.soft_findings(Decimal("2000000"), TODAY, Decimal("200000"), facts)

    assert [f.code for f in soft] == ["second_loan", "outlier", "premium_share"]
    assert plausibility.soft_findings(Decimal("300000"), TODAY, Decimal("1200"), LoanFacts(today=TODAY)) == []


def loan(user, household, contract, **values):
    values = {
        "kind": "microcredit",
        "bank": "江门农商银行",
        "amount": Decimal("10000"),
        "rate": Decimal("4.35"),
        "term_months": 12,
        "disbursed_on": datetime.date(2020, 1, 15),
        **values,
    }
    return services.register_loan(by=user, household=household, contract_number=contract, **values)


@pytest.mark.django_db
def test_a_second_loan_of_a_household_needs_confirmation_and_keeps_the_warning(village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    loan(village_user, household, "JMNS-1")
    with pytest.raises(NeedsConfirmation):
        loan(village_user, household, "JMNS-2")
    with pytest.raises(Implausible):
        loan(
            village_user, household, "JMNS-3", disbursed_on=timezone.localdate() + datetime.timedelta(days=3)
        )

    second = loan(village_user, household, "JMNS-2", confirm_warnings=True)

    assert [w["code"] for w in second.warnings] == ["second_loan"]
    entry = AuditEntry.objects.get(action="finance.loan.registered", target_id=str(second.pk))
    assert "JMNS-1" in entry.changes["warnings"][1][0]


@pytest.mark.django_db
def test_the_loan_form_asks_to_confirm_and_the_loan_page_shows_the_warning(client, village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    loan(village_user, household, "JMNS-1")
    client.force_login(village_user)
    body = {
        "kind": "microcredit",
        "household": household.number,
        "bank": "江门农商银行",
        "contract_number": "JMNS-2",
        "amount": "10000",
        "rate": "4.35",
        "term_months": "12",
        "disbursed_on": "2020-02-01",
        "use": "other",
    }

    asked = client.post(reverse("finance:loan_create"), body).content.decode()
    assert "一户一般只贷一笔" in asked and 'type="checkbox" name="confirm_warnings"' in asked
    assert Loan.objects.count() == 1

    saved = client.post(reverse("finance:loan_create"), {**body, "confirm_warnings": "on"})
    page = client.get(saved["Location"]).content.decode()
    assert Loan.objects.count() == 2 and 'class="warn-note"' in page and "JMNS-1" in page


@pytest.mark.django_db
def test_the_loan_api_answers_needs_confirmation_then_saves_with_confirm_warnings(client, village_user):
    household = HouseholdFactory(region_id=VILLAGE)
    loan(village_user, household, "JMNS-1")
    client.force_login(village_user)
    body = {
        "kind": "microcredit",
        "household": household.number,
        "bank": "邮储银行",
        "contract_number": "YC-2",
        "amount": "10000.00",
        "rate": "4.35",
        "term_months": 12,
        "disbursed_on": "2020-04-01",
    }
    url = "/api/v1/finance/loans/"

    asked = client.post(url, body, content_type="application/json")
    saved = client.post(url, {**body, "confirm_warnings": True}, content_type="application/json")

    assert asked.status_code == 400 and asked.json()["error"] == "needs_confirmation"
    assert saved.status_code == 201 and saved.json()["warnings"][0]["code"] == "second_loan"
