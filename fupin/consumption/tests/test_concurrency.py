"""Two buyers ordering the last of a listing at the same moment: one gets it, the other is refused, and the
listing never goes below zero (PostgreSQL: real concurrent transactions; SQLite has a single writer)."""

import threading

import pytest
from django.db import connection, connections

from fupin.consumption.models import Buyer, Listing, Order
from fupin.consumption.services import orders
from fupin.consumption.tests.factories import BuyerFactory, ListingFactory
from fupin.core.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_two_buyers_ordering_at_once_never_oversell_a_listing(buyer_user, villages):
    from fupin.accounts.roles import Role
    from fupin.accounts.tests.factories import make_user

    other_user = make_user(Role.BUYER, "440704000000", username="buyer2")
    BuyerFactory(user=other_user, name="另一食堂", region_code="440704000000")
    listing = ListingFactory(quantity=100)
    barrier = threading.Barrier(2)
    outcomes = []

    def buy(user):
        try:
            buyer = Buyer.objects.get(user=user)
            barrier.wait()
            orders.place_order(buyer, by=user, lines=[(listing, 70, None)])
            outcomes.append("ordered")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(u,)) for u in (buyer_user, other_user)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    listing.refresh_from_db()
    assert sorted(outcomes) == ["ordered", "refused"]
    assert listing.remaining == 30
    assert Order.objects.count() == 1
    assert Listing.objects.get(pk=listing.pk).remaining >= 0
