import datetime
import itertools

import factory

from fupin.employment.creditcode import make_credit_code
from fupin.employment.models import Enterprise, Laborer, PublicWelfarePost, Vacancy
from fupin.registry.tests.factories import MemberFactory

_codes = itertools.count(1)


def credit_code(prefix="91", region="440703"):
    """A fresh valid unified social credit code."""
    body = f"{prefix}{region}{next(_codes):09d}"
    return make_credit_code(body.replace("I", "1"))


class LaborerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Laborer

    member = factory.SubFactory(MemberFactory)
    region_code = factory.LazyAttribute(lambda o: o.member.region_code)
    name = factory.LazyAttribute(lambda o: o.member.name)
    work_status = "waiting"
    max_area = "3"
    expected_wage = 3000


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}")
    credit_code = factory.LazyFunction(credit_code)
    region_code = "440703101000"
    industry = "C"
    poverty_related = True


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    enterprise = factory.SubFactory(EnterpriseFactory)
    region_code = factory.LazyAttribute(lambda o: o.enterprise.region_code)
    post = factory.Sequence(lambda n: f"普工{n}")
    seats = 1
    wage_min = 3000
    wage_max = 4000
    industry = "C"
    start_date = datetime.date(2020, 3, 1)


class PublicWelfarePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicWelfarePost

    region_code = "440703101201"
    kind = "cleaning"
    name = factory.Sequence(lambda n: f"保洁员岗位{n}")
    seats = 2
    monthly_pay = 1550
    opened_on = datetime.date(2020, 2, 1)
