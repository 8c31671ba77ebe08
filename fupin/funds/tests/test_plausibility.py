"""Plausibility of payments: hard limits refused with the reason, soft warnings confirmed and kept on the
payment, where the allocation's page shows them (funds.plausibility)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.core.plausibility import Implausible, NeedsConfirmation
from fupin.funds import plausibility, services
from fupin.funds.models import Disbursement
from fupin.funds.plausibility import PaymentFacts
from fupin.funds.tests.factories import AllocationFactory

TODAY = datetime.date(2020, 6, 1)
D = datetime.date(2020, 4, 1)
TOWN = "440703101000"


def test_a_payment_dated_after_today_or_before_its_allocation_is_refused():
    facts = PaymentFacts(today=TODAY, allocated_on=D)

    with pytest.raises(Implausible) as future:
        plausibility.check_payment(100, datetime.date(2020, 7, 1), facts)
    with pytest.raises(Implausible) as early:
        plausibility.check_payment(100, datetime.date(2020, 3, 1), facts, confirmed=True)

    assert "晚于今天" in str(future.value) and "早于资金下达日期2020-04-01" in str(early.value)


def test_a_payment_far_above_the_funds_usual_ones_is_warned():
    facts = PaymentFacts(today=TODAY, allocated_on=D, fund_amounts=[3000] * 9 + [5000])

    with pytest.raises(NeedsConfirmation) as asked:
        plausibility.check_payment(Decimal("90000"), TODAY, facts)

    assert [f.code for f in asked.value.findings] == ["outlier"]
    assert plausibility.check_payment(Decimal("9000"), TODAY, facts) == []


def test_the_same_amount_to_the_same_payee_within_a_month_is_warned_as_a_double_entry():
    facts = PaymentFacts(today=TODAY, payee_payments=[(datetime.date(2020, 5, 20), Decimal("3000.00"))])

    soft = plausibility.soft_findings(Decimal("3000"), TODAY, facts)
    later = plausibility.soft_findings(Decimal("3000"), datetime.date(2020, 8, 1), facts)

    assert [f.code for f in soft] == ["duplicate"] and later == []


def test_a_large_payment_to_one_household_is_warned():
    facts = PaymentFacts(today=TODAY)

    assert [f.code for f in plausibility.soft_findings(60000, TODAY, facts, to_household=True)] == [
        "household_large"
    ]
    assert (
        plausibility.soft_findings(60000, TODAY, facts) == []
        and plausibility.soft_findings(40000, TODAY, facts, to_household=True) == []
    )


def pay(allocation, user, amount="3000", voucher="记-1", **kwargs):
    return services.disburse(
        allocation,
        by=user,
        amount=Decimal(amount),
        date=kwargs.pop("date", datetime.date(2020, 5, 1)),
        payee_kind="project",
        payee_name="合作社",
        voucher=voucher,
        **kwargs,
    )


@pytest.mark.django_db
def test_disburse_refuses_a_payment_before_the_allocation_and_keeps_confirmed_warnings(town_user):
    allocation = AllocationFactory(region_id=TOWN, allocated_on=D)
    with pytest.raises(Implausible):
        pay(allocation, town_user, date=datetime.date(2020, 3, 31), confirm_warnings=True)
    pay(allocation, town_user)

    with pytest.raises(NeedsConfirmation):
        pay(allocation, town_user, voucher="记-2")
    again = pay(allocation, town_user, voucher="记-2", confirm_warnings=True)

    assert [w["code"] for w in again.warnings] == ["duplicate"]
    entry = AuditEntry.objects.get(action="funds.disbursement.created", target_id=str(again.pk))
    assert "重复登记" in entry.changes["warnings"][1][0]
    assert Disbursement.objects.count() == 2


@pytest.mark.django_db
def test_the_payment_form_asks_to_confirm_a_warning_and_the_page_shows_it_after(client, town_user):
    allocation = AllocationFactory(region_id=TOWN, allocated_on=D)
    pay(allocation, town_user)
    client.force_login(town_user)
    url = reverse("funds:allocation_disburse", args=[allocation.pk])
    body = {
        "amount": "3000",
        "date": "2020-05-02",
        "payee_kind": "project",
        "payee_name": "合作社",
        "voucher": "记-2",
    }

    asked = client.post(url, body)
    html = asked.content.decode()
    assert asked.status_code == 200 and "重复登记" in html
    assert 'type="checkbox" name="confirm_warnings"' in html and 'value="记-2"' in html
    assert Disbursement.objects.count() == 1

    client.post(url, {**body, "confirm_warnings": "on"})
    page = client.get(reverse("funds:allocation_detail", args=[allocation.pk])).content.decode()
    assert Disbursement.objects.count() == 2
    assert 'class="warn-note"' in page and "重复登记" in page


@pytest.mark.django_db
def test_the_api_answers_needs_confirmation_then_saves_with_confirm_warnings(client, town_user):
    allocation = AllocationFactory(region_id=TOWN, allocated_on=D)
    pay(allocation, town_user)
    client.force_login(town_user)
    body = {
        "allocation": allocation.pk,
        "amount": "3000",
        "date": "2020-05-03",
        "payee_kind": "project",
        "payee_name": "合作社",
        "voucher": "记-3",
    }
    url = "/api/v1/funds/disbursements/"

    asked = client.post(url, body, content_type="application/json")
    saved = client.post(url, {**body, "confirm_warnings": True}, content_type="application/json")
    early = client.post(
        url, {**body, "date": "2020-03-01", "voucher": "记-4"}, content_type="application/json"
    )

    assert asked.status_code == 400 and asked.json()["error"] == "needs_confirmation"
    assert saved.status_code == 201 and saved.json()["warnings"][0]["code"] == "duplicate"
    assert early.status_code == 400 and early.json()["error"] == "implausible"
