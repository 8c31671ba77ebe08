"""The offices' decision buttons (approve or reject a buyer, confirm or reject a proposal) and the API's
"your account's buyer" for the market: the service's refusal comes back as a message, never a 500."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from fupin.consumption.choices import ProposalStatus
from fupin.consumption.models import Buyer
from fupin.consumption.services import buyers
from fupin.consumption.tests.factories import ListingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _pending_buyer():
    return buyers.register_buyer(
        region_code="440703000000",
        name="某电商",
        kind="ecommerce",
        username="shop1",
        password="Fupin-Shop-2020!",
    )


def test_a_district_approves_a_pending_buyer_on_its_page(client, district_user):
    buyer = _pending_buyer()
    client.force_login(district_user)

    answer = client.post(reverse("consumption:buyer_review", args=[buyer.pk]), {"decision": "approve"})

    buyer.refresh_from_db()
    assert buyer.status == "approved" and "已处理。" in _texts(answer)


def test_deciding_a_buyer_twice_shows_the_services_refusal(client, district_user):
    buyer = _pending_buyer()
    client.force_login(district_user)
    client.post(reverse("consumption:buyer_review", args=[buyer.pk]), {"decision": "reject"})

    answer = client.post(reverse("consumption:buyer_review", args=[buyer.pk]), {"decision": "approve"})

    buyer.refresh_from_db()
    assert buyer.status == "rejected" and "该采购方不在待审核状态。" in _texts(answer)


def test_a_village_rejects_a_proposal_from_the_run_page(client, village_user):
    proposal = ProposalFactory(listing=ListingFactory())
    client.force_login(village_user)

    answer = client.post(reverse("consumption:proposal_decide", args=[proposal.pk, "reject"]))

    proposal.refresh_from_db()
    assert answer.url == reverse("consumption:run_detail", args=[proposal.run_id])
    assert proposal.status == ProposalStatus.REJECTED and "已处理。" in _texts(answer)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/consumption/my-demands/", {"category": "vegetable", "quantity": 10}),
        ("market", {"quantity": 1}),
    ],
)
def test_an_account_without_a_buyer_is_told_so_by_the_api(buyer_user, url, body):
    Buyer.objects.filter(user=buyer_user).delete()
    if url == "market":
        url = f"/api/v1/consumption/market/{ListingFactory().pk}/order/"
    api = APIClient()
    api.force_authenticate(buyer_user)

    answer = api.post(url, body, format="json")

    assert answer.status_code == 400 and "当前账号不属于任何采购方。" in answer.content.decode()


def test_matching_started_from_the_demand_list_goes_to_the_jobs_progress(client, district_user):
    client.force_login(district_user)

    answer = client.post(reverse("consumption:matching_start"), {"region_code": "440703000000"})

    assert answer.status_code == 302 and answer.url.startswith("/jobs/")


@pytest.mark.parametrize(("region", "message"), [("", "请选择匹配范围。"), ("44x", "请选择匹配范围。")])
def test_a_matching_without_a_proper_scope_is_a_message_on_the_demand_list(
    client, district_user, region, message
):
    client.force_login(district_user)

    answer = client.post(reverse("consumption:matching_start"), {"region_code": region})

    assert answer.url == reverse("consumption:demand_list")
    assert any(message in t for t in _texts(answer))
