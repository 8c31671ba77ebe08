"""The payment form's payee: the household head by default, only a member for a payment to a household."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fupin.funds import services
from fupin.funds.models import Disbursement
from fupin.regions.models import Region
from fupin.registry.choices import Relation
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
VILLAGE = "440703101201"


@pytest.fixture
def paying(client, funds, city_user, town_user):
    """(client of the town, URL of the payment form of a 5,000 元 allocation to the town, a household)."""
    allocation = services.allocate(
        funds["housing-renovation"],  # a line that may pay households
        by=city_user,
        region=Region.objects.get(code="440703101000"),
        amount=Decimal("5000"),
        document_number="江财农〔2020〕8号",
        date=datetime.date(2020, 4, 1),
    )
    household = HouseholdFactory(region_id=VILLAGE, number="H100")
    MemberFactory(household=household, name="李大明", relation=Relation.HEAD)
    MemberFactory(household=household, name="李小红", relation=Relation.SPOUSE)
    client.force_login(town_user)
    return client, reverse("funds:allocation_disburse", args=[allocation.pk]), household


FORM = {"amount": "800", "date": "2020-05-01", "payee_kind": "household", "household": "H100"}


def test_the_payee_field_does_not_block_the_form_when_the_household_is_given(paying):
    client, url, _household = paying
    page = client.get(url.replace("disburse/", "")).content.decode()
    assert 'name="payee_name"' in page and 'name="payee_name" maxlength="128" required' not in page

    client.post(url, {**FORM, "voucher": "记-1"})

    paid = Disbursement.objects.get()
    assert paid.payee_name == "李大明" and paid.household.number == "H100"


def test_a_named_member_of_the_household_can_be_the_payee(paying):
    client, url, _household = paying
    client.post(url, {**FORM, "payee_name": "李小红", "voucher": "记-2"})
    assert Disbursement.objects.get().payee_name == "李小红"


def test_a_payee_who_is_no_member_of_the_household_is_refused_with_a_clear_message(paying):
    client, url, _household = paying
    response = client.post(url, {**FORM, "payee_name": "王五", "voucher": "记-3"})
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "“王五”不是户H100的家庭成员" in message
    assert not Disbursement.objects.exists()
