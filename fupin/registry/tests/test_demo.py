"""The demo data set: valid identities, families that make sense, realistic distributions, demo logins."""

import datetime
import io
import random
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command

from fupin.accounts.models import User
from fupin.accounts.roles import Role
from fupin.audit.models import AuditChainHead, AuditEntry
from fupin.regions.models import Region, RegionLevel
from fupin.registry import identity
from fupin.registry.choices import (
    HouseholdCategory,
    LaborAbility,
    PovertyCause,
    PovertyStatus,
    Relation,
    Schooling,
)
from fupin.registry.demo import DEMO_PASSWORD, build_demo_dataset
from fupin.registry.demo.families import FamilyMaker
from fupin.registry.models import Household, HouseholdTally, Member

SCHOOL_YEAR_START = datetime.date(2019, 9, 1)
REFERENCE_DATE = datetime.date(2020, 6, 30)  # the day the demo data set describes
CHILDREN = {Relation.SON, Relation.DAUGHTER}
GRANDCHILDREN = {
    Relation.GRANDSON,
    Relation.GRANDDAUGHTER,
    Relation.DAUGHTERS_SON,
    Relation.DAUGHTERS_DAUGHTER,
}
PARENTS_OF_HEAD = {Relation.FATHER, Relation.MOTHER}
COMPULSORY = {Schooling.PRIMARY, Schooling.GRADE7, Schooling.GRADE8, Schooling.GRADE9}
HIGH_SCHOOL = {
    Schooling.HIGH1,
    Schooling.HIGH2,
    Schooling.HIGH3,
    Schooling.VOC1,
    Schooling.VOC2,
    Schooling.VOC3,
}


def quiet(_message):
    pass


def years_between(older: datetime.date, younger: datetime.date) -> int:
    return younger.year - older.year - ((younger.month, younger.day) < (older.month, older.day))


@pytest.fixture
def small_demo(db):
    build_demo_dataset(households=60, seed=7, log=quiet, apps=[])
    return list(Member.objects.all())


@pytest.fixture(scope="module")
def large_demo(django_db_setup, django_db_blocker):
    """2,000 households built once for the distribution tests, removed afterwards."""
    from conftest import _rerun_data_migrations

    with django_db_blocker.unblock():
        if not Region.objects.filter(level=RegionLevel.TOWN).exists():
            _rerun_data_migrations()  # a transactional test ran first in this process and flushed them
        build_demo_dataset(households=2000, seed=11, log=quiet, apps=[])
        households = list(Household.objects.values())
        members = list(Member.objects.values())
        villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).values("code", "name", "parent_id"))
        Household.objects.all().delete()
        HouseholdTally.objects.all().delete()
        User.objects.filter(username__startswith="demo_").delete()
        Region.objects.filter(level=RegionLevel.VILLAGE).delete()
        AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)
        # The chains' heads go with their entries: a head left without its entries reads as a deleted entry
        # to every later verification in this process (fupin/audit/tests/test_chain.py).
        AuditChainHead.objects.all()._raw_delete(AuditChainHead.objects.db)
    return {"households": households, "members": members, "villages": villages}


def test_every_demo_member_has_a_valid_id_agreeing_with_sex_birth_date_and_county(small_demo):
    # given the small demo data set
    assert len(small_demo) >= 60
    for member in small_demo:
        # when the ID is checked
        info = identity.check(member.id_number)
        # then it is valid, without warnings, and agrees with the person and the village's county
        assert info.warnings == []
        assert info.sex == member.sex
        assert info.birth_date == member.birth_date
        assert info.area_code == member.region_code[:6]


def test_demo_ids_are_unique(small_demo):
    assert len({m.id_number for m in small_demo}) == len(small_demo)


def test_every_demo_household_has_exactly_one_head(small_demo):
    heads = Counter(m.household_id for m in small_demo if m.relation == Relation.HEAD)
    assert set(heads) == set(Household.objects.values_list("pk", flat=True))
    assert set(heads.values()) == {1}


def test_demo_members_carry_their_household_region(small_demo):
    regions = dict(Household.objects.values_list("pk", "region_id"))
    assert all(m.region_code == regions[m.household_id] for m in small_demo)


def test_demo_children_are_younger_than_their_parents(small_demo):
    by_household = defaultdict(list)
    for m in small_demo:
        by_household[m.household_id].append(m)
    for members in by_household.values():
        couple = [m for m in members if m.relation in (Relation.HEAD, Relation.SPOUSE)]
        for child in (m for m in members if m.relation in CHILDREN):
            assert all(years_between(p.birth_date, child.birth_date) >= 15 for p in couple)
        for parent in (m for m in members if m.relation in PARENTS_OF_HEAD):
            head = next(m for m in members if m.relation == Relation.HEAD)
            assert years_between(parent.birth_date, head.birth_date) >= 15
        middle = [
            m for m in members if m.relation in CHILDREN | {Relation.DAUGHTER_IN_LAW, Relation.SON_IN_LAW}
        ]
        for grandchild in (m for m in members if m.relation in GRANDCHILDREN):
            assert all(g.birth_date > p.birth_date for g in [grandchild] for p in couple + middle)


def test_demo_spouses_are_of_the_opposite_sex(small_demo):
    heads = {m.household_id: m for m in small_demo if m.relation == Relation.HEAD}
    for spouse in (m for m in small_demo if m.relation == Relation.SPOUSE):
        assert spouse.sex != heads[spouse.household_id].sex


def test_demo_schooling_fits_age(large_demo):
    for m in large_demo["members"]:
        age = years_between(m["birth_date"], SCHOOL_YEAR_START)
        if 6 <= age <= 14:
            assert m["schooling"] in COMPULSORY, m
        if m["schooling"] == Schooling.PRIMARY:
            assert 6 <= age <= 11, m
        if m["schooling"] in HIGH_SCHOOL:
            assert 15 <= age <= 17, m
        if m["schooling"] == Schooling.PRESCHOOL:
            assert 3 <= age <= 5, m
        if years_between(m["birth_date"], REFERENCE_DATE) < 16:
            assert m["labor_ability"] == LaborAbility.NONE, m


def test_demo_disabled_members_have_a_disability_kind_and_grade(large_demo):
    for m in large_demo["members"]:
        disabled = "4" in m["health"].split(",")
        assert bool(m["disability_kind"]) == disabled
        assert bool(m["disability_grade"]) == disabled
        assert m["health"] == "1" or "1" not in m["health"].split(",")


def test_demo_category_and_cause_follow_the_guangdong_distribution(large_demo):
    households = large_demo["households"]
    n = len(households)
    category = Counter(h["category"] for h in households)
    cause = Counter(h["main_cause"] for h in households)
    assert n == 2000
    assert category[HouseholdCategory.GENERAL] / n == pytest.approx(0.55, abs=0.04)
    assert category[HouseholdCategory.SUBSISTENCE] / n == pytest.approx(0.35, abs=0.04)
    assert category[HouseholdCategory.EXTREME] / n == pytest.approx(0.10, abs=0.03)
    assert cause[PovertyCause.ILLNESS] / n == pytest.approx(0.362, abs=0.04)
    assert cause[PovertyCause.LACK_LABOR] / n == pytest.approx(0.233, abs=0.04)
    assert cause[PovertyCause.DISABILITY] / n == pytest.approx(0.199, abs=0.04)
    assert cause[PovertyCause.SCHOOLING] / n == pytest.approx(0.049, abs=0.02)
    assert all(h["main_cause"] not in (h["other_cause_1"], h["other_cause_2"]) for h in households)


def test_demo_status_tells_the_2020_story(large_demo):
    households = large_demo["households"]
    status = Counter(h["status"] for h in households)
    assert status[PovertyStatus.EXITED] > 0.75 * len(households)
    assert status[PovertyStatus.NOT_EXITED] and status[PovertyStatus.RETURNED]
    assert set(status) <= set(PovertyStatus.values)
    for h in households:
        exited = h["status"] == PovertyStatus.EXITED
        assert (h["year_exited"] is not None) == exited
        assert 2016 <= h["year_identified"] <= 2019
        if exited:
            assert h["year_exited"] >= h["year_identified"]
            assert h["income_per_capita"] >= 7000
        assert 3000 <= h["income_per_capita"] <= 15000


def test_demo_family_size_averages_about_three(large_demo):
    sizes = Counter(m["household_id"] for m in large_demo["members"])
    assert 2.7 <= sum(sizes.values()) / len(sizes) <= 3.4
    assert min(sizes.values()) == 1
    assert max(sizes.values()) <= 7


def test_demo_households_are_mostly_in_jiangmen_and_chongzuo_is_mostly_zhuang(large_demo):
    households = large_demo["households"]
    chongzuo = [h for h in households if h["region_id"].startswith("4514")]
    assert len(chongzuo) / len(households) == pytest.approx(0.15, abs=0.01)
    assert all(h["region_id"].startswith(("4407", "4514")) for h in households)
    ethnicity = defaultdict(Counter)
    for m in large_demo["members"]:
        ethnicity[m["region_code"][:4]][m["ethnicity"]] += 1
    assert ethnicity["4407"]["01"] / sum(ethnicity["4407"].values()) > 0.97
    assert ethnicity["4514"]["08"] / sum(ethnicity["4514"].values()) > 0.7


def test_demo_villages_follow_the_code_rules_and_avoid_non_town_units(large_demo, db):
    towns = dict(Region.objects.filter(level=RegionLevel.TOWN).values_list("code", "name"))
    for village in large_demo["villages"]:
        town_name = towns[village["parent_id"]]
        assert village["code"][:9] == village["parent_id"][:9]
        assert not any(word in town_name for word in ("监狱", "林场", "管委会", "园区", "开发区", "新区"))
        if village["name"].endswith("社区"):
            assert village["code"][9] == "0"
        else:
            assert village["name"].endswith("村委会") and village["code"][9] == "2"


def test_demo_household_numbers_are_the_village_code_and_a_sequence(large_demo):
    numbers = [h["number"] for h in large_demo["households"]]
    assert len(set(numbers)) == len(numbers)
    assert all(
        len(n) == 16 and n[:12] == h["region_id"]
        for n, h in zip(numbers, large_demo["households"], strict=True)
    )


def test_extreme_poverty_households_have_no_labour():
    # given households generated without a database
    maker = FamilyMaker(random.Random(3), "4407")
    for _ in range(500):
        household = maker.household()
        members = maker.members(household)
        if household["category"] == HouseholdCategory.EXTREME:
            # then nobody in a 特困 household can work
            assert len(members) <= 2
            assert {m["labor_ability"] for m in members} <= {LaborAbility.LOST, LaborAbility.NONE}


def test_the_generator_is_deterministic_for_a_seed():
    def sample(seed):
        maker = FamilyMaker(random.Random(seed), "4514")
        return [(h := maker.household(), maker.members(h)) for _ in range(50)]

    assert sample(5) == sample(5)
    assert sample(5) != sample(6)


def test_demo_users_exist_for_every_role_and_can_log_in(small_demo, client):
    # given the demo accounts, one per role (Argon2 makes each login slow on purpose)
    users = User.objects.filter(username__startswith="demo_").prefetch_related("role_assignments")
    one_per_role = {a.role: u for u in users for a in u.role_assignments.all()}
    # buyers are organisation accounts of the market, made by the consumption demo (its own tests)
    assert set(one_per_role) == set(Role.values) - {Role.BUYER}
    for user in one_per_role.values():
        # when each logs in with the demo password
        response = client.post("/accounts/login/", {"username": user.username, "password": DEMO_PASSWORD})
        # then the login succeeds
        assert response.status_code == 302, user.username
        assert client.session.get("_auth_user_id") == str(user.pk)
        client.logout()


def test_demo_village_cadres_sit_in_the_demo_town(small_demo):
    town = User.objects.get(username="demo_town").role_assignments.get().region_id
    for username in ("demo_village1", "demo_village2"):
        village = User.objects.get(username=username).role_assignments.get().region
        assert village.parent_id == town
        assert Household.objects.filter(region_id=village.code).exists()


def test_demo_counterpart_sees_tiandeng_households(small_demo):
    user = User.objects.get(username="demo_paired_tiandeng")
    visible = Household.objects.visible_to(user)
    assert visible.exists()
    assert all(code.startswith("451425") for code in visible.values_list("region_id", flat=True))


def test_demo_command_with_if_empty_adds_nothing_the_second_time(db):
    # given a first run
    call_command("demo", households=30, if_empty=True, stdout=io.StringIO())
    counts = (Household.objects.count(), Member.objects.count(), User.objects.count())
    assert counts[0] == 30
    # when it runs again with --if-empty
    out = io.StringIO()
    call_command("demo", households=30, if_empty=True, stdout=out)
    # then nothing is added
    assert (Household.objects.count(), Member.objects.count(), User.objects.count()) == counts
    assert "跳过" in out.getvalue()


def test_demo_load_is_recorded_in_the_audit_trail(small_demo):
    entry = AuditEntry.objects.get(action="registry.demo.generated")
    assert "households=60" in entry.note


def test_demo_logins_lists_only_demo_accounts(small_demo, city_user):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "demo_city" in text and "demo_auditor" in text and DEMO_PASSWORD in text
    usernames = [line.split()[0] for line in text.splitlines() if line.strip()]
    assert "city" not in usernames


def test_the_forked_generator_yields_the_same_rows_as_the_serial_one(db):
    # given two generators with the same seed over the same villages
    from fupin.registry.demo.dataset import (
        HOUSEHOLD_FIELDS,
        MEMBER_FIELDS,
        RowGenerator,
        UniqueIds,
        VillageJob,
        _forked,
    )

    jobs = [
        VillageJob("4407", "440703101201", "测试村委会", "棠下镇", "蓬江区", 40),
        VillageJob("4514", "451425100201", "那利村委会", "天等镇", "天等县", 15),
    ]

    def generator():
        return RowGenerator(random.Random(9), UniqueIds(), 0, "2020-06-30 00:00:00", str)

    def opened(batches):
        """The rows with their sealed values opened (each sealing draws a fresh nonce)."""
        household_phone = Household._meta.get_field("phone")
        member_fields = [Member._meta.get_field(name) for name in MEMBER_FIELDS]
        sealed = [(i, f) for i, f in enumerate(member_fields) if f.name in ("id_number", "phone")]
        at = HOUSEHOLD_FIELDS.index("phone")
        for households, members in batches:
            households = [(*h[:at], household_phone.open(h[at]), *h[at + 1 :]) for h in households]
            members = [list(m) for m in members]
            for m in members:
                for i, field in sealed:
                    m[i] = field.open(m[i])
            yield households, members

    # when one runs in a forked process and the other inline
    forked = list(opened(_forked(generator(), jobs)))
    serial = list(opened(generator().batches(jobs)))
    # then they produce identical rows
    assert forked == serial
    assert sum(len(h) for h, _m in serial) == 55
