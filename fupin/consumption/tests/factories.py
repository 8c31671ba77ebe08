import datetime
from decimal import Decimal

import factory

from fupin.consumption.models import (
    Base,
    Buyer,
    Demand,
    Listing,
    MatchRun,
    Order,
    OrderLine,
    Proposal,
    Supplier,
)


class BaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Base

    name = factory.Sequence(lambda n: f"消费扶贫基地{n}")
    operator = "测试农业公司"
    region_code = "440703101201"
    established_on = datetime.date(2020, 3, 1)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    kind = "cooperative"
    name = factory.Sequence(lambda n: f"测试合作社{n}")
    region_code = "440703101201"
    contact_name = "李经理"
    contact_phone = "13800000000"


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    supplier = factory.SubFactory(SupplierFactory, region_code=factory.SelfAttribute("..region_code"))
    region_code = "440703101201"
    product = factory.Sequence(lambda n: f"菜心{n}")
    category = "vegetable"
    price = Decimal("4.00")
    quantity = 1000
    remaining = factory.SelfAttribute("quantity")


class BuyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buyer

    name = factory.Sequence(lambda n: f"测试食堂{n}")
    kind = "canteen"
    region_code = "440703000000"
    status = "approved"


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    buyer = factory.SubFactory(BuyerFactory, region_code=factory.SelfAttribute("..region_code"))
    region_code = "440703000000"
    category = "vegetable"
    quantity = 100


class MatchRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchRun

    region_code = "440703000000"


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    region_code = "440703101201"
    run = factory.SubFactory(MatchRunFactory, region_code=factory.SelfAttribute("..region_code"))
    demand = factory.SubFactory(DemandFactory, region_code=factory.SelfAttribute("..region_code"))
    listing = factory.SubFactory(ListingFactory, region_code=factory.SelfAttribute("..region_code"))
    quantity = 10


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    region_code = "440703101201"
    buyer = factory.SubFactory(BuyerFactory, region_code=factory.SelfAttribute("..region_code"))
    supplier = factory.SubFactory(SupplierFactory, region_code=factory.SelfAttribute("..region_code"))
    channel = "unit"
    placed_on = datetime.date(2020, 3, 10)
    amount = Decimal("40.00")


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory, region_code=factory.SelfAttribute("..region_code"))
    listing = factory.SubFactory(ListingFactory, region_code=factory.SelfAttribute("..region_code"))
    region_code = "440703101201"
    quantity = 10
    price = Decimal("4.00")
    amount = Decimal("40.00")
