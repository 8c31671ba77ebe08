"""Factories for the finance app (the route-walking test builds sibling records with them)."""

import datetime
from decimal import Decimal

import factory

from fupin.finance.models import Loan
from fupin.registry.tests.factories import HouseholdFactory


class LoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loan

    kind = "microcredit"
    household = factory.SubFactory(HouseholdFactory, region_id=factory.SelfAttribute("..region_code"))
    region_code = "440703101201"
    bank = "江门农商银行"
    contract_number = factory.Sequence(lambda n: f"JMNS-2020-{n:06d}")
    amount = Decimal("30000.00")
    balance = Decimal("30000.00")
    rate = Decimal("4.35")
    term_months = 12
    disbursed_on = datetime.date(2020, 1, 15)
    due_on = datetime.date(2021, 1, 15)
    repay_by = datetime.date(2021, 1, 15)
