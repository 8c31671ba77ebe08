import random

import pytest

from fupin.consumption.choices import BuyerKind
from fupin.consumption.demo import build_demo
from fupin.consumption.models import Base, Buyer, Listing, Order, SalesTally
from fupin.registry.demo import build_demo_dataset

pytestmark = pytest.mark.django_db


def test_the_demo_has_unsold_and_paired_produce_buyers_of_every_kind_bases_and_orders():
    build_demo_dataset(households=300, seed=5, log=lambda *a: None, apps=[])

    build_demo(random.Random(5), lambda *a: None)

    assert Listing.objects.exclude(unsold="").filter(harvest_from__month__in=(2, 3)).exists()
    assert Listing.objects.filter(region_code__startswith="4514").exists()
    assert set(Buyer.objects.values_list("kind", flat=True)) == set(BuyerKind.values)
    assert Buyer.objects.filter(user__username="demo_buyer_canteen").exists()
    assert Base.objects.count() >= 1 and Order.objects.exists()
    for grain in ("origin", "county"):
        tally = SalesTally.objects.filter(grain=grain)
        assert sum(t.amount for t in tally) == sum(o.amount for o in Order.objects.all())
