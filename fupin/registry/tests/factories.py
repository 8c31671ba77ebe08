import datetime
import itertools
import random

import factory

from fupin.registry import identity, tally
from fupin.registry.choices import LaborAbility, PovertyCause, Relation
from fupin.registry.models import Household, Member

_sequence = itertools.count(1)


def fresh_id_number(area_code="440703", birth=None, sex="1"):
    """A valid, never-repeated resident ID with the given area and sex, and the given birth date unless its
    500 sequence numbers are used up (then the next free day: read the birth date back from the ID)."""
    birth = birth or datetime.date(1970, 1, 1) + datetime.timedelta(days=next(_sequence) % 9000)
    start = next(_sequence)
    while True:
        for step in range(500):
            seq = ((start + step) % 500) * 2 + (1 if sex == "1" else 0)
            if (area_code, birth, seq) not in _used_ids:
                _used_ids.add((area_code, birth, seq))
                return identity.make_id_number(area_code, birth, seq)
        birth += datetime.timedelta(days=1)


_used_ids = set()


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    number = factory.Sequence(lambda n: f"T{n:09d}")
    region_id = "440703101201"
    address = factory.Sequence(lambda n: f"{n}号")
    main_cause = PovertyCause.ILLNESS
    year_identified = 2016
    income_per_capita = 5200

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Like register_household, keep the household tally (home page, region tree) right.
        household = super()._create(model_class, *args, **kwargs)
        tally.apply_delta(household.region_id, household.status, household.category, households=1)
        return household


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    region_code = factory.LazyAttribute(lambda m: m.household.region_id)
    name = factory.Sequence(lambda n: f"成员{n}")
    sex = "1"
    birth_date = factory.LazyFunction(lambda: datetime.date(1960 + random.randint(0, 40), 5, 17))
    id_number = factory.LazyAttribute(lambda m: fresh_id_number(m.region_code[:6], m.birth_date, m.sex))
    relation = Relation.HEAD
    labor_ability = LaborAbility.ORDINARY

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Birth date and sex always agree with the ID, as the services require.
        try:
            info = identity.check(kwargs["id_number"])
        except identity.IdNumberError:
            pass  # a test that stores a bad ID on purpose
        else:
            kwargs["birth_date"], kwargs["sex"] = info.birth_date, info.sex
        member = super()._create(model_class, *args, **kwargs)
        household = member.household  # like add_member, keep the household tally right
        tally.apply_delta(household.region_id, household.status, household.category, members=1)
        return member


def household_with_members(n_members=3, **kwargs):
    household = HouseholdFactory(**kwargs)
    MemberFactory(household=household, relation=Relation.HEAD)
    for i in range(n_members - 1):
        MemberFactory(
            household=household,
            relation=Relation.SON if i % 2 == 0 else Relation.DAUGHTER,
            sex="1" if i % 2 == 0 else "2",
            birth_date=datetime.date(1995 + i, 3, 1),
        )
    return household
