"""The insurance pages' buttons: bulk enrolment starts a job, premiums are paid, claims filed and settled;
an incomplete form or a refusal comes back as a message on the page it came from."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fupin.insurance.models import Claim, Product
from fupin.insurance.tests.factories import ClaimFactory, PolicyFactory
from fupin.insurance.tests.test_insurance import insurance_allocation
from fupin.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db


def _texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_bulk_enrolment_from_the_page_goes_to_the_jobs_progress(client, district_user):
    household_with_members(2, region_id="440703101201")
    client.force_login(district_user)
    product = Product.objects.get(code="accident-2020")

    answer = client.post(
        reverse("insurance:enrol"), {"product": product.pk, "region_code": "440703000000", "year": 2020}
    )

    assert answer.status_code == 302 and answer.url.startswith("/jobs/")


def test_an_incomplete_enrolment_form_is_a_message_on_the_home_page(client, district_user):
    client.force_login(district_user)

    answer = client.post(reverse("insurance:enrol"), {"region_code": "440703000000"})

    assert answer.url == reverse("insurance:home") and "请检查填写的内容。" in _texts(answer)


def test_premiums_paid_from_the_page_say_how_many_policies(client, funds, city_user, town_user):
    PolicyFactory()
    PolicyFactory()
    allocation = insurance_allocation(funds, city_user)
    client.force_login(town_user)
    body = {
        "product": Product.objects.get(code="property-2020").pk,
        "allocation": allocation.pk,
        "year": 2020,
        "date": "2020-05-01",
        "voucher": "记-1",
    }

    paid = client.post(reverse("insurance:premium_pay"), body)
    again = client.post(reverse("insurance:premium_pay"), {**body, "voucher": "记-2"})

    assert "已支付 2 份保单的保费。" in _texts(paid)
    assert any("没有待付保费" in t for t in _texts(again))


def test_a_claim_is_filed_and_settled_from_the_claim_list(client, village_user):
    policy = PolicyFactory()
    client.force_login(village_user)
    url = reverse("insurance:claim_list")

    filed = client.post(
        url, {"policy": policy.pk, "amount": "300", "cause": "illness", "occurred_on": "2020-05-01"}
    )
    claim = Claim.objects.get()
    settled = client.post(
        url, {"action": "settle", "claim": claim.pk, "version": claim.version, "status": "paid"}
    )

    claim.refresh_from_db()
    assert "已保存。" in _texts(filed) and "已保存。" in _texts(settled) and claim.status == "paid"


def test_an_incomplete_claim_form_is_refused_with_a_message(client, village_user):
    ClaimFactory()
    client.force_login(village_user)

    answer = client.post(
        reverse("insurance:claim_list"), {"amount": "300", "occurred_on": datetime.date.today()}
    )

    assert "请检查填写的内容。" in _texts(answer) and Claim.objects.count() == 1
