"""Inputs the API fuzzer found answering 500: a year out of range, removing an insured member."""

import pytest
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.insurance import services
from fupin.insurance.models import Product
from fupin.insurance.tests.factories import ClaimFactory
from fupin.registry.models import Member, MemberRemoval
from fupin.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db
VILLAGE = "440703101201"


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("year", ["0.0", "0", "-5", "99999", "2020.5", "abc"])
def test_a_claims_year_that_is_no_year_answers_400_with_a_message(village_user, year):
    ClaimFactory()

    response = _api(village_user).get("/api/v1/insurance/claims/", {"year": year})

    assert response.status_code == 400, response.content
    assert "年度" in response.content.decode()


def test_a_claims_year_filter_keeps_the_claims_of_that_year(village_user):
    ClaimFactory()
    api = _api(village_user)

    assert api.get("/api/v1/insurance/claims/", {"year": "2020"}).json()["count"] == 1
    assert api.get("/api/v1/insurance/claims/", {"year": "2021"}).json()["count"] == 0


def test_a_policies_year_out_of_range_answers_400(village_user):
    response = _api(village_user).get("/api/v1/insurance/policies/", {"year": "0.0"})

    assert response.status_code == 400 and "年度" in response.content.decode()


def test_an_insured_member_is_not_removed_and_the_api_answers_409_saying_why(village_user):
    household = household_with_members(2, region_id=VILLAGE)
    member = household.members.first()
    services.enrol(
        Product.objects.get(code="medical-2020"),
        by=village_user,
        household=household,
        member=member,
        year=2020,
    )

    response = _api(village_user).post(
        f"/api/v1/members/{member.pk}/remove/", {"reason": "死亡"}, format="json"
    )

    assert response.status_code == 409, response.content
    assert "保单" in response.json()["message"]
    assert Member.objects.filter(pk=member.pk).exists()
    assert not MemberRemoval.objects.filter(member_id=member.pk).exists()
    assert not AuditEntry.objects.filter(action="registry.member.removed").exists()


def test_the_remove_member_page_keeps_an_insured_member_and_says_why(client, village_user):
    from django.urls import reverse

    household = household_with_members(2, region_id=VILLAGE)
    member = household.members.first()
    services.enrol(
        Product.objects.get(code="medical-2020"),
        by=village_user,
        household=household,
        member=member,
        year=2020,
    )
    client.force_login(village_user)

    response = client.post(
        reverse("registry:member_remove", args=[member.pk]), {"reason": "死亡"}, follow=True
    )

    assert response.status_code == 200 and "保单" in response.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()
