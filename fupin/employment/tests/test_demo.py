"""The demo builds coherent employment and training data over whatever registry exists."""

import random

import pytest
from django.db.models import F
from stdnum.cn import uscc

from fupin.employment import demo
from fupin.employment.creditcode import validate_credit_code
from fupin.employment.models import (
    Enterprise,
    EnterpriseOfficer,
    Laborer,
    PostOccupancy,
    RecruitmentEvent,
    Referral,
    ResumptionDay,
    SubsidyApplication,
    Vacancy,
)
from fupin.registry.choices import LABOR_ABLE
from fupin.registry.tests.factories import household_with_members
from fupin.training import demo as training_demo
from fupin.training.models import TrainingClass


@pytest.mark.django_db
def test_demo_is_coherent_with_the_registry(villages):
    for village in villages:
        for _ in range(6):
            household_with_members(4, region_id=village)
    logs = []
    demo.build_demo(random.Random(1), logs.append)
    training_demo.build_demo(random.Random(1), logs.append)

    assert Laborer.objects.count() > 0
    assert not Laborer.objects.exclude(member__labor_ability__in=LABOR_ABLE).exists()
    assert not Laborer.objects.exclude(region_code=F("member__region_code")).exists()
    for code in Enterprise.objects.values_list("credit_code", flat=True):
        assert validate_credit_code(code) == code
        assert code.startswith("N") or uscc.is_valid(code)
    assert Vacancy.objects.exists() and Referral.objects.exists() and PostOccupancy.objects.exists()
    assert SubsidyApplication.objects.exists() and TrainingClass.objects.exists()
    placed = Referral.objects.filter(stage__in=["placed", "month1", "month3"])
    assert not placed.exclude(laborer__work_status="on_post").exists()
    assert len(logs) >= 5
    assert Vacancy.objects.filter(urgent=True, requested_at__isnull=False).exists()
    assert RecruitmentEvent.objects.exists() and EnterpriseOfficer.objects.exists()
    assert ResumptionDay.objects.exists()
    assert not SubsidyApplication.objects.filter(status="paid", disbursement__isnull=True).exists()
