"""The quarterly subsidy started from the finance home page: a job and its progress page, or the message."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fupin.finance.models import InterestSubsidy
from fupin.finance.tests.test_finance import microcredit, subsidy_allocation

pytestmark = pytest.mark.django_db


def test_the_subsidy_started_from_the_page_goes_to_the_jobs_progress(
    client, funds, city_user, town_user, village_user
):
    microcredit(village_user)
    allocation = subsidy_allocation(funds, city_user)
    client.force_login(town_user)

    answer = client.post(reverse("finance:subsidy_run"), {"allocation": allocation.pk, "quarter": "2020Q1"})

    assert answer.status_code == 302 and answer.url.startswith("/jobs/")
    assert InterestSubsidy.objects.count() == 1


def test_a_malformed_quarter_is_a_message_on_the_home_page(client, funds, city_user, town_user):
    allocation = subsidy_allocation(funds, city_user)
    client.force_login(town_user)

    answer = client.post(reverse("finance:subsidy_run"), {"allocation": allocation.pk, "quarter": "2020Q5"})

    assert answer.url == reverse("finance:home")
    assert "请选择资金下达并按 2020Q2 的格式填写季度。" in [str(m) for m in get_messages(answer.wsgi_request)]
    assert not InterestSubsidy.objects.exists()


def test_the_loan_page_records_a_repayment_and_says_what_is_wrong_with_a_deferral(client, village_user):
    loan = microcredit(village_user)
    client.force_login(village_user)
    url = reverse("finance:loan_detail", args=[loan.pk])

    repaid = client.post(url, {"action": "repay", "paid_on": "2020-06-01", "principal": "1000"}, follow=True)
    too_long = client.post(url, {"action": "defer", "version": loan.version, "months": "9"}, follow=True)
    no_household = client.post(url, {"action": "link", "household": ""}, follow=True)

    assert "已登记还款。" in repaid.content.decode()
    loan.refresh_from_db()
    assert loan.balance == 9000
    assert "延期还款最长6个月。" in too_long.content.decode()
    assert "请填写户编号。" in no_household.content.decode()
