import datetime

import factory

from fupin.monitoring import tally
from fupin.monitoring.choices import CaseStep, Channel, Colour, Outcome, Purpose, RiskType, SignalStatus
from fupin.monitoring.models import ExitCase, MonitoringCase, RiskRule, Signal
from fupin.registry.choices import MonitoringMark, PovertyStatus
from fupin.registry.tests.factories import household_with_members


def exited_household(**kwargs):
    kwargs.setdefault("status", PovertyStatus.EXITED)
    kwargs.setdefault("year_exited", 2019)
    kwargs.setdefault("income_per_capita", 5200)
    return household_with_members(2, **kwargs)


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal
        skip_postgeneration_save = True

    household = factory.LazyFunction(exited_household)
    region_code = factory.LazyAttribute(lambda s: s.household.region_id)
    channel = Channel.APPLICATION
    reason = "因病支出大"
    colour = Colour.ORANGE
    risk_type = RiskType.ILLNESS
    detected_on = factory.LazyFunction(lambda: datetime.date(2020, 4, 1))
    status = SignalStatus.OPEN

    @factory.post_generation
    def counted(signal, create, extracted, **kwargs):
        """A signal that exists is counted in the tally, as the services would have counted it."""
        if create:
            tally.apply_delta(tally.signal_key(signal), 1)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringCase
        skip_postgeneration_save = True

    household = factory.LazyFunction(exited_household)
    region_code = factory.LazyAttribute(lambda c: c.household.region_id)
    purpose = Purpose.IDENTIFY
    kind = MonitoringMark.UNSTABLE
    risk_type = RiskType.ILLNESS
    step = CaseStep.VILLAGE
    outcome = Outcome.PENDING
    opened_on = datetime.date(2020, 4, 1)
    step_started_on = datetime.date(2020, 4, 1)
    step_deadline = datetime.date(2020, 4, 8)
    due_on = datetime.date(2020, 4, 16)

    @factory.post_generation
    def counted(case, create, extracted, **kwargs):
        if create:
            tally.apply_delta(tally.case_key(case), 1)


class ExitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitCase
        skip_postgeneration_save = True

    household = factory.LazyFunction(lambda: household_with_members(2, status=PovertyStatus.NOT_EXITED))
    region_code = factory.LazyAttribute(lambda e: e.household.region_id)
    proposed_on = datetime.date(2020, 4, 1)

    @factory.post_generation
    def counted(exit_case, create, extracted, **kwargs):
        if create:
            tally.apply_delta(tally.exit_key(exit_case), 1)


def rule(code):
    return RiskRule.objects.get(code=code)
