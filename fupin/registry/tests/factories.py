import datetime
import itertools
import random

import factory

from fupin.registry import identity
from fupin.registry.choices import LaborAbility, PovertyCause, Relation
from fupin.registry.models import Household, Member

_sequence = itertools.count(1)


def fresh_id_number(area_code="440703", birth=None, sex="1"):
    """A valid, never-repeated resident ID with the given area, birth date and sex."""
    birth = birth or datetime.date(1970, 1, 1) + datetime.timedelta(days=next(_sequence) % 9000)
    n = next(_sequence)
    seq = (n * 2 + (1 if sex == "1" else 0)) % 1000
    if (seq % 2 == 1) != (sex == "1"):
        seq = (seq + 1) % 1000
    # Vary the birth date too, so sequences never collide.
    birth = birth + datetime.timedelta(days=(n // 500))
    return identity.make_id_number(area_code, birth, seq)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    number = factory.Sequence(lambda n: f"T{n:09d}")
    region_id = "440703101201"
    address = factory.Sequence(lambda n: f"{n}号")
    main_cause = PovertyCause.ILLNESS
    year_identified = 2016
    income_per_capita = 5200


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    region_code = factory.LazyAttribute(lambda m: m.household.region_id)
    name = factory.Sequence(lambda n: f"成员{n}")
    sex = "1"
    birth_date = factory.LazyFunction(lambda: datetime.date(1960 + random.randint(0, 40), 5, 17))
    id_number = factory.LazyAttribute(
        lambda m: fresh_id_number(m.region_code[:6], m.birth_date, m.sex)
    )
    relation = Relation.HEAD
    labor_ability = LaborAbility.ORDINARY


def household_with_members(n_members=3, **kwargs):
    household = HouseholdFactory(**kwargs)
    MemberFactory(household=household, relation=Relation.HEAD)
    for i in range(n_members - 1):
        MemberFactory(household=household, relation=Relation.SON if i % 2 == 0 else Relation.DAUGHTER,
                      sex="1" if i % 2 == 0 else "2", birth_date=datetime.date(1995 + i, 3, 1))
    return household
