"""The industry and finance demos build data coherent with the registry, the employment demo and the funds."""

import random

import pytest
from django.db.models import F

from fupin.employment import demo as employment_demo
from fupin.employment.creditcode import validate_credit_code
from fupin.finance import demo as finance_demo
from fupin.finance import queries as finance_queries
from fupin.finance.models import InterestSubsidy, Loan
from fupin.funds import demo as funds_demo
from fupin.funds.models import Allocation, Disbursement
from fupin.industry import demo
from fupin.industry.models import HouseholdIndustry, Project, ProjectFunding, ProjectHousehold
from fupin.insurance import demo as insurance_demo
from fupin.insurance.models import Policy
from fupin.plan.tests.factories import plan_2020
from fupin.registry.demo.users import DEMO_PREFIX
from fupin.registry.tests.factories import household_with_members

pytestmark = pytest.mark.django_db


def test_the_demos_are_coherent_with_the_registry_and_the_funds(villages, city_user):
    plan_2020()
    type(city_user).objects.filter(pk=city_user.pk).update(username=f"{DEMO_PREFIX}city")
    for village in villages:
        for _ in range(12):
            household_with_members(3, region_id=village)
    logs = []
    employment_demo.build_demo(random.Random(1), logs.append)
    funds_demo.build_demo(random.Random(1), logs.append)

    assert demo.build_demo(random.Random(1), logs.append) > 0
    assert finance_demo.build_demo(random.Random(1), logs.append) > 0
    assert insurance_demo.build_demo(random.Random(1), logs.append) > 0

    assert HouseholdIndustry.objects.exists() and ProjectHousehold.objects.exists()
    assert not ProjectHousehold.objects.exclude(region_code=F("household__region_id")).exists()
    for project in Project.objects.select_related("operator"):
        assert validate_credit_code(project.operator.credit_code) == project.operator.credit_code
        assert project.funded == sum(f.amount for f in ProjectFunding.objects.filter(project=project))
        assert project.funded <= project.budget
    for allocation in Allocation.objects.all():
        assert allocation.spent <= allocation.amount
    assert Loan.objects.filter(kind="microcredit").exists()
    assert not Loan.objects.filter(kind="microcredit", amount__gt=50000).exists()
    volume, ceiling = finance_queries.zhengyinbao_volume()
    assert volume <= ceiling
    assert InterestSubsidy.objects.exists()
    assert Policy.objects.filter(payment__isnull=False).exists()
    premiums = Disbursement.objects.filter(allocation__fund__budget_line__code="insurance-premiums")
    assert premiums.exists() and set(premiums.values_list("payee_kind", flat=True)) == {"insurer"}
    assert demo.build_demo(random.Random(1), logs.append) == 0  # runs once
