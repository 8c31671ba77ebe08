"""The household tally: kept right by every registry service, equal to its rebuild, read by the home page."""

import datetime
import random
from collections import Counter

import pytest
from django.core.management import call_command

from fupin.dashboard.queries import home_counts
from fupin.registry import services, tally
from fupin.registry.choices import HouseholdCategory, PovertyCause, PovertyStatus, Relation
from fupin.registry.demo import build_demo_dataset
from fupin.registry.models import Household, HouseholdTally, Member
from fupin.registry.tests.factories import HouseholdFactory, fresh_id_number, household_with_members

JIANGMEN_VILLAGES = ["440703101201", "440703101202", "440703102201", "440704001001"]
CHONGZUO_VILLAGE = "451425100201"


def _register(by, rng):
    return services.register_household(
        by=by,
        region=rng.choice(JIANGMEN_VILLAGES),
        category=rng.choice(HouseholdCategory.values),
        main_cause=PovertyCause.ILLNESS,
        year_identified=2016,
        income_per_capita=4800,
    )


def _add_member(by, household, rng):
    relation = Relation.SON if household.members.filter(relation=Relation.HEAD).exists() else Relation.HEAD
    birth = datetime.date(1950 + rng.randrange(60), 1 + rng.randrange(12), 1 + rng.randrange(28))
    return services.add_member(
        household,
        by=by,
        name="成员",
        id_number=fresh_id_number(household.region_id[:6], birth, "1"),
        relation=relation,
        labor_ability="1",
    )


def _direct_counts():
    """{(village, status, category): (households, members)} counted from the registry itself."""
    households = Counter(Household.objects.values_list("region_id", "status", "category"))
    members = Counter(
        Member.objects.values_list("household__region_id", "household__status", "household__category")
    )
    return {key: (n, members.get(key, 0)) for key, n in households.items()}


def _random_writes(by, rng, steps):
    households = []
    for _ in range(steps):
        action = rng.choice(["register", "member", "member", "status", "remove", "move", "category"])
        if action == "register" or not households:
            households.append(_register(by, rng))
            continue
        household = Household.objects.get(pk=rng.choice(households).pk)
        members = list(household.members.all())
        if action == "member":
            _add_member(by, household, rng)
        elif action == "status":
            new = rng.choice([s for s in PovertyStatus.values if s != household.status])
            services.change_household_status(
                household, by=by, status=new, reason="核查", version=household.version
            )
        elif action == "remove" and members:
            services.remove_member(rng.choice(members), by=by, reason="迁出")
        elif action == "move":
            region = rng.choice([v for v in JIANGMEN_VILLAGES if v != household.region_id])
            services.update_household(household, by=by, version=household.version, region=region)
        elif action == "category":
            category = rng.choice([c for c in HouseholdCategory.values if c != household.category])
            services.update_household(household, by=by, version=household.version, category=category)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_random_service_writes_the_maintained_tally_equals_its_rebuild(city_user, villages, seed):
    rng = random.Random(seed)
    _random_writes(city_user, rng, steps=60)
    maintained = tally.maintained()

    tally.rebuild()

    assert maintained == tally.maintained() == _direct_counts()
    assert sum(h for h, _m in maintained.values()) == Household.objects.count()
    assert sum(m for _h, m in maintained.values()) == Member.objects.count() > 0


def test_a_failed_write_leaves_the_tally_as_it_was(village_user, villages):
    household = household_with_members(2, region_id="440703101201")
    before = tally.maintained()

    with pytest.raises(services.ConflictError):
        services.change_household_status(
            household, by=village_user, status=PovertyStatus.EXITED, reason="核查", version=99
        )

    assert tally.maintained() == before == _direct_counts()


def test_a_status_change_moves_the_household_and_its_members(village_user, villages):
    household = household_with_members(3, region_id="440703101201")

    services.change_household_status(
        household, by=village_user, status=PovertyStatus.EXITED, reason="达标", version=household.version
    )

    assert tally.maintained() == {("440703101201", PovertyStatus.EXITED, HouseholdCategory.GENERAL): (1, 3)}


def test_home_counts_equal_a_direct_count_of_the_scope(city_user, town_user, villages):
    _random_writes(city_user, random.Random(5), steps=40)
    household_with_members(4, region_id=CHONGZUO_VILLAGE, status=PovertyStatus.EXITED)

    for user, prefix in [(city_user, "4407"), (town_user, "440703101")]:
        counts = home_counts(user)
        scoped = Household.objects.in_region(prefix)
        by_status = Counter(scoped.values_list("status", flat=True))
        by_category = Counter(scoped.values_list("category", flat=True))
        assert counts["households"] == scoped.count()
        assert counts["members"] == Member.objects.in_region(prefix).count()
        assert counts["by_status"] == [(label, by_status[v]) for v, label in PovertyStatus.choices]
        assert counts["by_category"] == [(label, by_category[v]) for v, label in HouseholdCategory.choices]


def test_out_of_scope_villages_are_not_counted(village_user, town_user, villages):
    household_with_members(2, region_id="440703101201")
    household_with_members(5, region_id="440703101202")
    household_with_members(7, region_id="440703102201")
    household_with_members(9, region_id=CHONGZUO_VILLAGE)

    assert (home_counts(village_user)["households"], home_counts(village_user)["members"]) == (1, 2)
    assert (home_counts(town_user)["households"], home_counts(town_user)["members"]) == (2, 7)
    town = villages["440703101201"].parent
    visible = HouseholdTally.objects.visible_to(village_user)
    assert tally.child_counts(town, queryset=visible) == {"440703101201": (1, 2)}
    assert tally.child_counts(town) == {"440703101201": (1, 2), "440703101202": (1, 5)}


def test_rebuild_of_some_villages_leaves_the_others_alone(villages):
    household_with_members(2, region_id="440703101201")
    household_with_members(3, region_id="440703102201")
    HouseholdTally.objects.update(households=50, members=50)
    HouseholdFactory.build(region_id="440703101201")  # unsaved: the registry is unchanged

    tally.rebuild(region_prefixes=["440703101201"])

    assert tally.maintained() == {
        ("440703101201", "0", "01"): (1, 2),
        ("440703102201", "0", "01"): (50, 50),
    }
    tally.rebuild(region_prefixes=["440703102"])
    assert tally.maintained() == _direct_counts()


def test_apply_delta_creates_the_row_then_adds(db):
    tally.apply_delta("440703101201", "0", "01", households=1, members=3)
    tally.apply_delta("440703101201", "0", "01", households=1, members=2)
    tally.apply_delta("440703101201", "0", "01", members=-1)

    assert tally.maintained() == {("440703101201", "0", "01"): (2, 4)}


def test_rebuild_tallies_command_recomputes_everything(villages):
    household_with_members(3, region_id="440703101201")
    HouseholdTally.objects.update(members=0)

    call_command("rebuild_tallies", verbosity=0)

    assert tally.maintained() == {("440703101201", "0", "01"): (1, 3)}


def test_the_demo_generator_leaves_a_correct_tally(db):
    build_demo_dataset(households=60, seed=3, log=lambda _m: None, apps=[])

    assert tally.maintained() == _direct_counts()
    assert sum(h for h, _m in tally.maintained().values()) == 60
