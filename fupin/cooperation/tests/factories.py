"""Factories of the cooperation app (the route-walking test builds sibling records with them)."""

import datetime
from decimal import Decimal

import factory

from fupin.cooperation.models import EntryFile, ExitCriterion, Indicator, IndicatorEntry, Pairing

COUNTY, HELPER = "451425000000", "440703000000"  # 天等县, helped by 蓬江区


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    kind = "county"
    region_code = COUNTY
    helper_code = HELPER
    helper_unit = "蓬江区"
    stage = "exiting"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    region_code = COUNTY
    helper_code = HELPER
    year = 2020
    area = "talent"
    name = factory.Sequence(lambda n: f"选派党政干部挂职{n}")
    unit = "人"
    target = Decimal("3")
    deadline = datetime.date(2020, 12, 31)
    rule = "entered"
    responsible = "市委组织部"


class IndicatorEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorEntry

    indicator = factory.SubFactory(
        IndicatorFactory,
        region_code=factory.SelfAttribute("..region_code"),
        helper_code=factory.SelfAttribute("..helper_code"),
    )
    region_code = COUNTY
    helper_code = HELPER
    month = datetime.date(2020, 5, 1)
    value = Decimal("1")
    evidence = "挂职文件"


class EntryFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryFile

    entry = factory.SubFactory(
        IndicatorEntryFactory,
        region_code=factory.SelfAttribute("..region_code"),
        helper_code=factory.SelfAttribute("..helper_code"),
    )
    region_code = COUNTY
    helper_code = HELPER
    file = factory.django.FileField(filename="20200501000000000000.pdf", data=b"%PDF-1.4\n")
    original_name = "挂职文件.pdf"
    size = 9


class ExitCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitCriterion

    region_code = COUNTY
    helper_code = HELPER
    kind = "villages"
    threshold = Decimal("100")
