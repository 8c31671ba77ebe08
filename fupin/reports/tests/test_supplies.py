"""R1.5: protective supplies go first to poverty-alleviation enterprises and poor people. An allocation names
its recipient (an enterprise with a checked credit code, a household, a village); the share to the priority
recipients is shown by region; supplies for a village while poor households still ask for them need a reason."""

import datetime

import pytest
from rest_framework.test import APIClient

from fupin.audit.models import AuditEntry
from fupin.core.errors import DomainError
from fupin.employment.creditcode import make_credit_code
from fupin.registry.tests.factories import HouseholdFactory
from fupin.reports import services, supply_queries
from fupin.reports.choices import RecipientKind
from fupin.reports.models import SupplyAllocation
from fupin.reports.tests.factories import make_period

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 3, 5)
CODE = make_credit_code("91440703MA4W12345")


@pytest.fixture
def asking(villages, village_user):
    """A poor household of 测试一村 (棠下镇) that asked for protective supplies (需求 2) in week 10."""
    household = HouseholdFactory(region_id="440703101201")
    period = make_period()
    services.save_assessment(by=village_user, period=period, household=household, answers={"needs": "2"})
    return household


def test_an_enterprise_gets_supplies_only_with_a_credit_code_that_passes_the_check(town_user, villages):
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        services.allocate_supplies(
            by=town_user,
            recipient_kind=RecipientKind.ENTERPRISE,
            region_code="440703101201",
            enterprise_name="棠下扶贫车间",
            credit_code=wrong,
            allocated_on=DAY,
            item="mask",
            quantity=500,
        )
    assert exc.value.field == "credit_code" and "校验位" in str(exc.value)

    allocation = services.allocate_supplies(
        by=town_user,
        recipient_kind=RecipientKind.ENTERPRISE,
        region_code="440703101201",
        enterprise_name="棠下扶贫车间",
        credit_code=CODE.lower(),
        allocated_on=DAY,
        item="mask",
        quantity=500,
    )
    assert (allocation.recipient_kind, allocation.credit_code) == (RecipientKind.ENTERPRISE, CODE)


def test_supplies_for_a_village_while_poor_households_ask_for_them_need_a_reason(town_user, asking):
    village = {
        "by": town_user,
        "recipient_kind": RecipientKind.VILLAGE,
        "region_code": "440703101202",
        "allocated_on": DAY,
        "item": "mask",
        "quantity": 100,
    }
    with pytest.raises(DomainError) as exc:
        services.allocate_supplies(**village)
    assert exc.value.field == "skip_reason" and "1户" in str(exc.value)

    allocation = services.allocate_supplies(**village, skip_reason="村卡点值守急需")

    assert allocation.skip_reason == "村卡点值守急需"
    assert AuditEntry.objects.get(action="reports.supplyallocation.created").note == "村卡点值守急需"


def test_once_the_asking_household_is_served_a_village_needs_no_reason(town_user, asking):
    services.allocate_supplies(by=town_user, household=asking, allocated_on=DAY, item="mask", quantity=10)

    allocation = services.allocate_supplies(
        by=town_user,
        recipient_kind=RecipientKind.VILLAGE,
        region_code="440703101202",
        allocated_on=DAY,
        item="mask",
        quantity=100,
    )

    assert supply_queries.open_priority_needs("440703101202") == 0
    assert allocation.recipient_kind == RecipientKind.VILLAGE and allocation.skip_reason == ""


def test_the_supplies_page_shows_the_priority_share_by_region(client, city_user, town_user, asking):
    services.allocate_supplies(by=town_user, household=asking, allocated_on=DAY, item="mask", quantity=10)
    services.allocate_supplies(
        by=town_user,
        recipient_kind=RecipientKind.ENTERPRISE,
        region_code="440703101201",
        enterprise_name="棠下扶贫车间",
        credit_code=CODE,
        allocated_on=DAY,
        item="mask",
        quantity=500,
    )
    services.allocate_supplies(
        by=town_user,
        recipient_kind=RecipientKind.VILLAGE,
        region_code="440703101202",
        allocated_on=DAY,
        item="gloves",
        quantity=50,
    )
    client.force_login(city_user)

    shares = supply_queries.priority_shares(city_user, "4407")
    page = client.get("/reports/supplies/").content.decode()

    assert shares["total"]["share"] == 67
    assert "优先对象占比" in page and "67%" in page


def test_the_supplies_page_asks_for_the_reason_when_a_village_skips_the_priority(client, town_user, asking):
    client.force_login(town_user)
    body = {
        "allocated_on": "2020-03-05",
        "recipient_kind": "village",
        "region_code": "440703101202",
        "item": "mask",
        "quantity": 100,
    }

    refused = client.post("/reports/supplies/", body)
    done = client.post("/reports/supplies/", {**body, "skip_reason": "卡点值守"})

    assert refused.status_code == 200 and "未优先保障的原因" in refused.content.decode()
    assert done.status_code == 302
    assert SupplyAllocation.objects.get().skip_reason == "卡点值守"


def test_supplies_are_recorded_and_listed_through_the_api(town_user, asking):
    client = APIClient()
    client.force_authenticate(town_user)
    body = {
        "allocated_on": "2020-03-05",
        "recipient_kind": "enterprise",
        "region_code": "440703101201",
        "enterprise_name": "棠下扶贫车间",
        "credit_code": "123",
        "item": "mask",
        "quantity": 5,
    }

    bad = client.post("/api/v1/reports/supplies/", body, format="json")
    good = client.post("/api/v1/reports/supplies/", {**body, "credit_code": CODE}, format="json")
    household = client.post(
        "/api/v1/reports/supplies/",
        {**body, "recipient_kind": "household", "household": asking.pk},
        format="json",
    )
    listed = client.get("/api/v1/reports/supplies/", {"recipient_kind": "household"}).json()

    assert bad.status_code == 400 and "credit_code" in bad.json()["fields"]
    assert good.status_code == 201 and good.json()["credit_code"] == CODE
    assert household.status_code == 201 and household.json()["region_code"] == "440703101201"
    assert [r["household"] for r in listed["results"]] == [asking.pk]
