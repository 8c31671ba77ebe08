"""Factories for the industry app (the route-walking test builds sibling records with them)."""

import datetime
from decimal import Decimal

import factory

from fupin.employment.tests.factories import EnterpriseFactory
from fupin.industry.models import HouseholdIndustry, LeadingIndustry, Project, ProjectHousehold
from fupin.registry.tests.factories import HouseholdFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"陈皮种植项目{n}")
    region_code = "440703101201"
    kind = "planting"
    business_model = "cooperative"
    link_mode = "employment"
    operator = factory.SubFactory(EnterpriseFactory, region_code=factory.SelfAttribute("..region_code"))
    budget = Decimal("500000.00")
    declared_on = datetime.date(2020, 3, 10)


class ProjectHouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectHousehold

    project = factory.SubFactory(ProjectFactory, region_code=factory.SelfAttribute("..region_code"))
    household = factory.SubFactory(HouseholdFactory, region_id=factory.SelfAttribute("..region_code"))
    region_code = "440703101201"
    benefit = "wage"
    amount = Decimal("3000.00")


class HouseholdIndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdIndustry

    household = factory.SubFactory(HouseholdFactory, region_id=factory.SelfAttribute("..region_code"))
    region_code = "440703101201"
    kind = "breeding"
    scale = "20头"
    income = Decimal("8000.00")
    recorded_on = datetime.date(2020, 4, 1)


class LeadingIndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadingIndustry

    region_code = "440703101201"
    kind = "planting"
    product = "丝苗米"
