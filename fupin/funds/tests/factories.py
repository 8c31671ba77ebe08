"""Factories for the funds app. They keep the maintained totals right, as the services do: an allocation
adds its amount to the fund's `allocated`, a paid disbursement adds its amount to the allocation's `spent`."""

import datetime
from decimal import Decimal

import factory
from django.db.models import F

from fupin.funds.choices import DisbursementStatus, PayeeKind
from fupin.funds.models import Allocation, Disbursement, Fund
from fupin.plan.models import BudgetLine, Plan


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"test-plan-{n}")
    region_code = "440700000000"
    year = 2020
    title = factory.Sequence(lambda n: f"测试计划{n}")
    active = False


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"line-{n}")
    label = factory.Sequence(lambda n: f"测试预算{n}")
    amount = Decimal("1000000.00")


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    budget_line = factory.SubFactory(BudgetLineFactory)
    region_code = factory.LazyAttribute(lambda o: o.budget_line.plan.region_code)
    amount = factory.LazyAttribute(lambda o: o.budget_line.amount)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    fund = factory.SubFactory(FundFactory)
    region_id = "440703101000"
    amount = Decimal("100000.00")
    document_number = factory.Sequence(lambda n: f"江财农〔2020〕{n}号")
    allocated_on = datetime.date(2020, 4, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        allocation = super()._create(model_class, *args, **kwargs)
        Fund.objects.filter(pk=allocation.fund_id).update(allocated=F("allocated") + allocation.amount)
        return allocation


def _town_of(code):
    return code[:9].ljust(12, "0")


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    region_code = "440703101201"
    allocation = factory.SubFactory(
        AllocationFactory, region_id=factory.LazyAttribute(lambda a: _town_of(a.factory_parent.region_code))
    )
    amount = Decimal("1000.00")
    paid_on = datetime.date(2020, 5, 1)
    payee_kind = PayeeKind.OTHER
    payee_name = factory.Sequence(lambda n: f"收款单位{n}")
    voucher_number = factory.Sequence(lambda n: f"记-{n:05d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("household") is not None:
            kwargs["payee_kind"] = PayeeKind.HOUSEHOLD
        disbursement = super()._create(model_class, *args, **kwargs)
        if disbursement.status == DisbursementStatus.PAID:
            Allocation.objects.filter(pk=disbursement.allocation_id).update(
                spent=F("spent") + disbursement.amount
            )
        return disbursement
