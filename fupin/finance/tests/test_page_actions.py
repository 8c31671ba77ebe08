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
