"""Factories for the insurance app (the route-walking test builds sibling records with them)."""

import datetime
from decimal import Decimal

import factory

from fupin.insurance.models import Claim, Policy, Product
from fupin.registry.tests.factories import HouseholdFactory


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    product = factory.LazyFunction(lambda: Product.objects.get(code="property-2020"))
    year = 2020
    household = factory.SubFactory(HouseholdFactory, region_id=factory.SelfAttribute("..region_code"))
    region_code = "440703101201"
    premium = Decimal("60.00")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    policy = factory.SubFactory(PolicyFactory, region_code=factory.SelfAttribute("..region_code"))
    household = factory.LazyAttribute(lambda c: c.policy.household)
    region_code = "440703101201"
    cause = "illness"
    occurred_on = datetime.date(2020, 5, 1)
    amount = Decimal("8000.00")
