"""The consumption services: scope, rules, the maintained figures and their audit entries."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.audit.models import AuditEntry
from fupin.consumption.choices import OrderStatus, ProposalStatus
from fupin.consumption.models import Buyer, HouseholdSale, SalesTally
from fupin.consumption.services import buyers, matching_runs, orders, suppliers, tallies
from fupin.consumption.tests.factories import ListingFactory, SupplierFactory
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.registry.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def audited(action, target):
    return AuditEntry.objects.filter(action=action, target_id=str(target.pk)).exists()


@pytest.fixture
def buyer(buyer_user):
    return Buyer.objects.get(user=buyer_user)


def test_a_household_supplier_is_published_under_its_village_never_its_name(village_user):
    household = HouseholdFactory(region_id="440703101201")

    supplier = suppliers.register_supplier(
        by=village_user,
        kind="household",
        region_code="440703101201",
        household=household,
        contact_phone="13900000000",
    )

    assert supplier.name == "测试一村贫困户" and supplier.public_contact == ""
    assert list(supplier.households.all()) == [household]
    assert audited("consumption.supplier.registered", supplier)


def test_a_village_cannot_list_produce_of_the_next_village(village_user):
    supplier = SupplierFactory(region_code="440703101202")

    with pytest.raises(OutOfScope):
        suppliers.create_listing(
            supplier, by=village_user, product="菜心", category="vegetable", price=4, quantity=10
        )


def test_a_listing_flagged_unsold_by_its_village_is_audited(village_user):
    supplier = SupplierFactory(region_code="440703101201")
    listing = suppliers.create_listing(
        supplier, by=village_user, product="菜心", category="vegetable", price=Decimal("4"), quantity=500
    )

    listing = suppliers.flag_unsold(listing, by=village_user, version=listing.version)

    assert listing.unsold == "village" and listing.remaining == 500
    assert audited("consumption.listing.updated", listing)


def test_an_order_takes_what_the_listing_has_left_and_never_more(buyer_user, buyer):
    listing = ListingFactory(quantity=100)

    order = orders.place_order(buyer, by=buyer_user, lines=[(listing, 60, None)])
    with pytest.raises(DomainError):
        orders.place_order(buyer, by=buyer_user, lines=[(listing, 41, None)])

    listing.refresh_from_db()
    assert listing.remaining == 40 and order.amount == Decimal("240.00")
    assert audited("consumption.order.placed", order)


def test_a_cancelled_order_gives_back_its_quantity_and_its_figures(buyer_user, buyer):
    listing = ListingFactory(quantity=100)
    order = orders.place_order(buyer, by=buyer_user, lines=[(listing, 30, None)])

    orders.cancel_order(order, by=buyer_user, version=order.version, reason="食堂停餐")

    listing.refresh_from_db()
    buyer.refresh_from_db()
    assert listing.remaining == 100 and buyer.purchased == 0
    assert sum(t.amount for t in SalesTally.objects.all()) == 0
    assert audited("consumption.order.cancelled", order)


def test_a_buyer_cannot_deliver_and_a_town_cannot_receive(buyer_user, buyer, town_user):
    order = orders.place_order(buyer, by=buyer_user, lines=[(ListingFactory(), 5, None)])

    with pytest.raises((OutOfScope, NotAllowed)):
        orders.deliver_order(order, by=buyer_user, version=order.version)
    with pytest.raises((OutOfScope, NotAllowed)):
        orders.receive_order(order, by=town_user, version=order.version)
    order = orders.deliver_order(order, by=town_user, version=order.version)
    order = orders.receive_order(order, by=buyer_user, version=order.version)
    assert order.status == OrderStatus.RECEIVED
    assert audited("consumption.order.delivered", order) and audited("consumption.order.received", order)


def test_totals_by_way_and_origin_equal_the_orders_and_a_recount(buyer_user, buyer, village_user):
    household = HouseholdFactory(region_id="440703101201")
    own = suppliers.register_supplier(
        by=village_user, kind="household", region_code="440703101201", household=household
    )
    local = suppliers.create_listing(
        own, by=village_user, product="菜心", category="vegetable", price=4, quantity=100, unsold=True
    )
    paired = ListingFactory(region_code="451425100201", price=Decimal("10"))
    orders.place_order(buyer, by=buyer_user, lines=[(local, 50, None)], placed_on=datetime.date(2020, 3, 2))
    orders.place_order(buyer, by=buyer_user, lines=[(paired, 5, None)], placed_on=datetime.date(2020, 4, 2))

    fields = ("grain", "month", "region_code", "channel", "unsold", "quantity", "amount", "lines")
    before = sorted(SalesTally.objects.values_list(*fields))
    tallies.rebuild()
    after = sorted(SalesTally.objects.values_list(*fields))

    assert before == after
    assert [row[2:] for row in after if row[0] == "origin"] == [
        ("440703101201", "unit", True, 50, Decimal("200.00"), 1),
        ("451425100201", "unit", False, 5, Decimal("50.00"), 1),
    ]
    assert [row[2:] for row in after if row[0] == "county"] == [
        ("440703000000", "unit", True, 50, Decimal("200.00"), 1),
        ("451425000000", "unit", False, 5, Decimal("50.00"), 1),
    ]
    assert HouseholdSale.objects.get(household=household).amount == Decimal("200.00")
    assert Buyer.objects.get(pk=buyer.pk).purchased == Decimal("250.00")


def test_an_office_creates_a_buyer_whose_account_holds_only_the_market(district_user):
    buyer = buyers.create_buyer(
        by=district_user,
        region_code="440703000000",
        name="区第一中学食堂",
        kind="canteen",
        username="canteen1",
        password="Fupin-Canteen-2020!",
    )

    user = buyer.user
    assert user.prefixes_for("consumption.buy") == ["440703"]
    assert not user.prefixes_for("registry.view_household")
    assert audited("consumption.buyer.created", buyer)


def test_a_self_registered_buyer_signs_in_only_after_approval(district_user, other_district_user):
    buyer = buyers.register_buyer(
        region_code="440703000000",
        name="某电商",
        kind="ecommerce",
        username="shop1",
        password="Fupin-Shop-2020!",
    )
    assert not buyer.user.is_active

    with pytest.raises(OutOfScope):
        buyers.approve_buyer(buyer, by=other_district_user)
    buyer = buyers.approve_buyer(buyer, by=district_user)

    buyer.user.refresh_from_db()
    assert buyer.user.is_active and buyer.status == "approved"
    assert audited("consumption.buyer.approved", buyer)


def test_matching_proposes_both_sides_confirm_and_the_buyer_orders(
    buyer_user, buyer, district_user, village_user
):
    listing = ListingFactory(quantity=80, unsold="village")
    demand = matching_runs.post_demand(buyer, by=buyer_user, category="vegetable", quantity=50)

    run = matching_runs.run_matching("440703000000", by=district_user)
    proposal = run.proposal_set.get()
    assert (proposal.listing_id, proposal.demand_id, proposal.quantity) == (listing.pk, demand.pk, 50)
    assert any("滞销" in r for r in proposal.reasons)
    matching_runs.confirm_proposal(proposal, by=buyer_user)
    proposal = matching_runs.confirm_proposal(proposal, by=village_user)
    assert proposal.status == ProposalStatus.CONFIRMED
    order = matching_runs.order_proposal(proposal, by=buyer_user)

    listing.refresh_from_db()
    assert listing.remaining == 30 and order.amount == Decimal("200.00")
    assert audited("consumption.matchrun.run", run) and audited("consumption.proposal.confirmed", proposal)


def test_listings_of_households_reporting_unsold_produce_become_unsold(village_user):
    from fupin.reports.models import Assessment
    from fupin.reports.tests.factories import make_period

    reporting, quiet = HouseholdFactory(region_id="440703101201"), HouseholdFactory(region_id="440703101201")
    period = make_period()
    Assessment.objects.create(
        period=period, household=reporting, region_code="440703101201", unsold_produce_kg=800
    )
    Assessment.objects.create(period=period, household=quiet, region_code="440703101201")
    flagged = ListingFactory(supplier=SupplierFactory(), region_code="440703101201")
    flagged.supplier.households.set([reporting])
    other = ListingFactory(supplier=SupplierFactory(), region_code="440703101201")
    other.supplier.households.set([quiet])

    n = suppliers.flag_unsold_from_tracking(by=village_user, region_code="440703101201")

    flagged.refresh_from_db()
    other.refresh_from_db()
    assert n == 1 and flagged.unsold == "tracking" and other.unsold == ""
    assert AuditEntry.objects.filter(action="consumption.listing.flagged_unsold").exists()


def test_the_county_rows_of_the_tally_equal_its_origin_rows_and_a_recount_after_a_cancellation(
    buyer_user, buyer
):
    near, far = ListingFactory(quantity=100), ListingFactory(quantity=100, region_code="440703102201")
    kept = orders.place_order(
        buyer, by=buyer_user, lines=[(near, 10, None)], placed_on=datetime.date(2020, 3, 2)
    )
    gone = orders.place_order(
        buyer, by=buyer_user, lines=[(far, 7, None)], placed_on=datetime.date(2020, 3, 9)
    )
    orders.cancel_order(gone, by=buyer_user, version=gone.version, reason="重复下单")

    fields = ("grain", "month", "region_code", "channel", "unsold", "quantity", "amount", "lines")
    maintained = sorted(SalesTally.objects.exclude(lines=0).values_list(*fields))
    tallies.rebuild()

    assert maintained == sorted(SalesTally.objects.values_list(*fields))
    county = SalesTally.objects.get(grain="county", month=datetime.date(2020, 3, 1))
    assert (county.region_code, county.quantity, county.amount) == ("440703000000", 10, kept.amount)


def test_a_listing_photo_is_checked_kept_under_a_stored_name_and_audited(village_user):
    listing = ListingFactory()
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 16

    photo = suppliers.add_photo(
        listing, by=village_user, upload=SimpleUploadedFile("菜心.png", png, content_type="image/png")
    )

    assert photo.original_name == "菜心.png" and photo.size == len(png)
    assert photo.file.name.endswith(".png") and "菜心" not in photo.file.name
    assert audited("consumption.listing.photo_added", listing)
    with pytest.raises(DomainError):
        suppliers.add_photo(listing, by=village_user, upload=SimpleUploadedFile("菜心.png", b"not a png"))
