"""The pages' writes and exports: an order moved from both sides, the create pages, each list's export."""

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEntry
from fupin.consumption.models import Base, Buyer, Demand, Order
from fupin.consumption.services import orders
from fupin.consumption.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

EXPORTS = [
    ("listing_list", "consumption-listings", "consumption.listing.exported"),
    ("supplier_list", "consumption-suppliers", "consumption.supplier.exported"),
    ("buyer_list", "consumption-buyers", "consumption.buyer.exported"),
    ("demand_list", "consumption-demands", "consumption.demand.exported"),
    ("order_list", "consumption-orders", "consumption.order.exported"),
    ("base_list", "consumption-bases", "consumption.base.exported"),
]
BUYER_EXPORTS = [
    ("market", "consumption-market", "consumption.market.exported"),
    ("my_demands", "my-demands", "consumption.demand.exported"),
    ("my_orders", "my-orders", "consumption.order.exported"),
]


def _export(client, name):
    answer = client.get(reverse(f"consumption:{name}"), {"export": "csv"})
    assert answer.status_code == 200
    return answer["Content-Disposition"]


@pytest.mark.parametrize(("name", "filename", "action"), EXPORTS)
def test_an_office_list_exports_under_its_own_file_name_and_audit_code(
    name, filename, action, client, town_user
):
    client.force_login(town_user)

    disposition = _export(client, name)

    assert f'filename="{filename}-' in disposition
    assert AuditEntry.objects.filter(action=action).count() == 1


@pytest.mark.parametrize(("name", "filename", "action"), BUYER_EXPORTS)
def test_a_buyer_list_exports_under_its_own_file_name_and_audit_code(
    name, filename, action, client, buyer_user
):
    client.force_login(buyer_user)

    disposition = _export(client, name)

    assert f'filename="{filename}-' in disposition
    assert AuditEntry.objects.filter(action=action).count() == 1


def test_the_town_delivers_and_the_buyer_receives_and_pays_on_the_order_pages(client, town_user, buyer_user):
    buyer = Buyer.objects.get(user=buyer_user)
    order = orders.place_order(buyer, by=buyer_user, lines=[(ListingFactory(quantity=10), 4, None)])
    office_page = reverse("consumption:order_detail", args=[order.pk])
    buyer_page = reverse("consumption:my_order", args=[order.pk])

    client.force_login(town_user)
    delivered = client.post(office_page, {"action": "deliver", "version": order.version})
    client.force_login(buyer_user)
    order.refresh_from_db()
    client.post(buyer_page, {"action": "receive", "version": order.version})
    order.refresh_from_db()
    paid = client.post(buyer_page, {"action": "pay", "version": order.version})

    order.refresh_from_db()
    assert delivered["Location"] == office_page and paid["Location"] == buyer_page
    assert (order.status, order.payment) == ("received", "paid")
    assert set(AuditEntry.objects.filter(target_id=str(order.pk)).values_list("action", flat=True)) >= {
        "consumption.order.delivered",
        "consumption.order.received",
        "consumption.order.paid",
    }


def test_the_town_cancels_an_order_with_a_reason_and_the_quantity_goes_back(client, town_user, buyer_user):
    listing = ListingFactory(quantity=10)
    order = orders.place_order(Buyer.objects.get(user=buyer_user), by=buyer_user, lines=[(listing, 4, None)])
    client.force_login(town_user)

    client.post(
        reverse("consumption:order_detail", args=[order.pk]),
        {"action": "cancel", "version": order.version, "reason": "断货"},
    )

    order.refresh_from_db()
    listing.refresh_from_db()
    assert (order.status, order.note, listing.remaining) == ("cancelled", "断货", 10)
    entry = AuditEntry.objects.get(action="consumption.order.cancelled")
    assert entry.note == "断货" and entry.changes == {"status": ["placed", "cancelled"]}


def test_a_stale_order_page_is_refused_and_changes_nothing(client, buyer_user):
    order = orders.place_order(
        Buyer.objects.get(user=buyer_user), by=buyer_user, lines=[(ListingFactory(quantity=10), 4, None)]
    )
    client.force_login(buyer_user)

    client.post(
        reverse("consumption:my_order", args=[order.pk]), {"action": "pay", "version": order.version - 1}
    )

    assert Order.objects.get(pk=order.pk).payment == "unpaid"


def test_the_create_pages_save_and_go_on_to_their_lists(client, district_user, buyer_user):
    client.force_login(district_user)
    base = {
        "name": "江门示范基地",
        "region_code": "440703101201",
        "operator": "测试公司",
        "established_on": "2020-03-01",
    }

    made_base = client.post(reverse("consumption:base_create"), base)
    client.force_login(buyer_user)
    made_demand = client.post(reverse("consumption:demand_post"), {"category": "vegetable", "quantity": 30})

    assert made_base["Location"] == reverse("consumption:base_list")
    assert made_demand["Location"] == reverse("consumption:my_demands")
    assert Base.objects.get().name == "江门示范基地"
    assert Demand.objects.get().buyer.user == buyer_user
    assert (
        AuditEntry.objects.filter(
            action__in=("consumption.base.created", "consumption.demand.posted")
        ).count()
        == 2
    )
