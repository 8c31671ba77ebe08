"""Pages and API of the consumption app: who sees what."""

import datetime

import pytest
from django.urls import reverse

from fupin.consumption.services import orders, suppliers
from fupin.consumption.tests.factories import BaseFactory, ListingFactory
from fupin.registry.tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db

OFFICE_PAGES = [
    "home",
    "listing_list",
    "supplier_list",
    "buyer_list",
    "demand_list",
    "order_list",
    "base_list",
]
BUYER_PAGES = ["market", "my_demands", "my_orders", "demand_post"]


@pytest.mark.parametrize("name", OFFICE_PAGES)
def test_office_pages_open_for_a_town_and_are_refused_to_a_buyer(name, client, town_user, buyer_user):
    client.force_login(town_user)
    assert client.get(reverse(f"consumption:{name}")).status_code == 200
    client.force_login(buyer_user)
    answer = client.get(reverse(f"consumption:{name}"))
    assert answer.status_code == (302 if name == "home" else 403)


@pytest.mark.parametrize("name", BUYER_PAGES)
def test_market_pages_open_for_a_buyer_and_are_refused_to_a_town(name, client, town_user, buyer_user):
    client.force_login(buyer_user)
    assert client.get(reverse(f"consumption:{name}")).status_code == 200
    client.force_login(town_user)
    assert client.get(reverse(f"consumption:{name}")).status_code == 403


def test_a_buyer_sees_unsold_vegetables_first_and_never_a_households_members(
    client, buyer_user, village_user
):
    household = HouseholdFactory(region_id="440703101201", number="HH-SECRET-01", address="幸福路9号")
    MemberFactory(household=household, name="王秘密")
    supplier = suppliers.register_supplier(
        by=village_user, kind="household", region_code="440703101201", household=household
    )
    suppliers.create_listing(
        supplier,
        by=village_user,
        product="滞销菜心",
        category="vegetable",
        price=3,
        quantity=500,
        unsold=True,
    )
    ListingFactory(product="普通番茄")
    client.force_login(buyer_user)

    page = client.get(reverse("consumption:market")).content.decode()
    api = client.get("/api/v1/consumption/market/").content.decode()

    assert page.index("滞销菜心") < page.index("普通番茄")
    for text in (page, api):
        assert "测试一村贫困户" in text
        assert "HH-SECRET-01" not in text and "王秘密" not in text and "幸福路9号" not in text


def test_a_buyer_orders_from_the_market_and_the_town_sees_the_sale(client, buyer_user, town_user):
    listing = ListingFactory(product="菜心", quantity=100)
    client.force_login(buyer_user)

    answer = client.post(reverse("consumption:market_listing", args=[listing.pk]), {"quantity": 40})

    assert answer.status_code == 302
    client.force_login(town_user)
    detail = client.get(reverse("consumption:listing_detail", args=[listing.pk])).content.decode()
    assert "测试食堂" in detail and '<td id="remaining">60</td>' in detail


def test_the_board_moves_with_an_order_and_the_base_target_reads_from_bases(
    client, buyer_user, district_user
):
    from fupin.consumption.models import Buyer
    from fupin.dashboard.targets import READINGS

    buyer = Buyer.objects.get(user=buyer_user)
    orders.place_order(
        buyer,
        by=buyer_user,
        lines=[(ListingFactory(quantity=10), 10, None)],
        placed_on=datetime.date(2020, 3, 5),
    )
    before = READINGS["consumption-base-per-district"](district_user)
    BaseFactory(region_code="440703101201")
    after = READINGS["consumption-base-per-district"](district_user)
    client.force_login(district_user)

    board = client.get(reverse("consumption:home")).content.decode()
    api = client.get("/api/v1/consumption/board/").json()

    assert '<div class="value" id="kpi-quantity">10</div>' in board
    assert api["total"]["quantity"] == 10
    assert (before.value, after.value) == (0, 1)


def test_an_office_lists_a_product_through_the_api_and_another_towns_supplier_is_not_found(
    client, town_user, other_town_user
):
    from fupin.consumption.tests.factories import SupplierFactory

    own, other = SupplierFactory(region_code="440703101201"), SupplierFactory(region_code="440703102201")
    client.force_login(town_user)
    body = {"product": "丝苗米", "category": "grain_oil", "price": "6.50", "quantity": 800}

    created = client.post(
        "/api/v1/consumption/listings/", {**body, "supplier": own.pk}, content_type="application/json"
    )
    refused = client.post(
        "/api/v1/consumption/listings/", {**body, "supplier": other.pk}, content_type="application/json"
    )

    assert created.status_code == 201 and created.json()["remaining"] == 800
    assert refused.status_code == 404


def test_a_district_board_reads_county_rows_and_a_town_board_its_own_villages_with_the_same_totals(
    client, buyer_user, district_user, town_user
):
    from fupin.consumption import queries
    from fupin.consumption.models import Buyer

    buyer = Buyer.objects.get(user=buyer_user)
    for code, qty in (("440703101201", 10), ("440703101202", 5), ("440703102201", 3)):
        orders.place_order(
            buyer, by=buyer_user, lines=[(ListingFactory(region_code=code, quantity=20), qty, None)]
        )

    district, town = queries.board(district_user), queries.board(town_user)

    assert queries.board_grain(district_user) == "county" and queries.board_grain(town_user) == "origin"
    assert district["total"]["quantity"] == 18 and town["total"]["quantity"] == 15
    assert [(r["code"], r["quantity"]) for r in district["districts"]] == [("440703000000", 18)]


def test_the_buyer_lists_take_the_office_columns_less_what_a_buyer_does_not_read():
    from fupin.consumption.views.columns import demand_columns, listing_columns, order_columns

    for declare in (listing_columns, demand_columns, order_columns):
        office = [str(c.header) for c in declare()]
        buyer = [str(c.header) for c in declare(for_buyer=True)]
        assert set(buyer) - set(office) <= {"产地"}
        assert len(set(buyer) & set(office)) >= 5
    assert "地区" not in [str(c.header) for c in listing_columns(for_buyer=True)]
