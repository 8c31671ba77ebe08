"""Each computed indicator equals a count made independently (plain Python over the raw rows) from the demo
data: the registry's households in Jiangmen and Chongzuo, the employment, training, funds, industry and
consumption demos, then the cooperation demo."""

import random
from collections import defaultdict
from decimal import Decimal

import pytest

from fupin.consumption import demo as consumption_demo
from fupin.consumption.models import OrderLine
from fupin.cooperation import demo, queries
from fupin.cooperation.choices import EntryStatus, Light, Rule
from fupin.cooperation.models import EntryFile, Indicator, IndicatorEntry, Pairing
from fupin.employment import demo as employment_demo
from fupin.employment.choices import PLACED_STAGES
from fupin.employment.models import Enterprise, Referral
from fupin.funds import demo as funds_demo
from fupin.funds.models import Allocation
from fupin.industry import demo as industry_demo
from fupin.industry.models import Project, ProjectHousehold
from fupin.plan.tests.factories import plan_2020
from fupin.regions.models import Region, RegionLevel
from fupin.registry.tests.factories import household_with_members
from fupin.training import demo as training_demo
from fupin.training.models import Enrollment

pytestmark = pytest.mark.django_db
LONGZHOU_VILLAGE = "451423100201"


def _rename(user, name):
    type(user).objects.filter(pk=user.pk).update(username=name)


@pytest.fixture
def demo_data(villages, city_user, district_user, counterpart_user):
    plan_2020()
    _rename(city_user, "demo_city")
    _rename(district_user, "demo_district_pengjiang")
    _rename(counterpart_user, "demo_paired_tiandeng")
    Region.objects.get_or_create(
        code=LONGZHOU_VILLAGE,
        defaults={"name": "龙州测试村", "level": RegionLevel.VILLAGE, "parent_id": "451423100000"},
    )
    for village in [*villages, LONGZHOU_VILLAGE]:
        for _ in range(15 if village.startswith("45") else 8):
            household_with_members(3, region_id=village)
    logs = []
    for module in (employment_demo, training_demo, funds_demo, industry_demo, consumption_demo):
        module.build_demo(random.Random(7), logs.append)
    assert demo.build_demo(random.Random(7), logs.append) > 0
    return logs


def independent_counts(county, year=2020):
    placed = {}
    for r in Referral.objects.select_related("laborer", "vacancy").order_by("placed_on", "id"):
        if r.laborer.region_code.startswith(county) and r.stage in PLACED_STAGES and r.placed_on.year == year:
            placed[r.laborer_id] = r.vacancy.region_code  # the latest placement wins
    where = list(placed.values())
    trained = {
        e.laborer_id
        for e in Enrollment.objects.select_related("training_class")
        if e.region_code.startswith(county) and e.completed and e.training_class.ends_on.year == year
    }
    projects = [
        p
        for p in Project.objects.select_related("operator")
        if p.region_code.startswith(county)
        and p.operator.region_code.startswith("4407")
        and p.status != "declared"
        and p.declared_on.year == year
    ]
    lifted = {ph.household_id for ph in ProjectHousehold.objects.all() if ph.project in projects}
    pairs = [p for p in Pairing.objects.all() if p.kind == "enterprise" and p.region_code.startswith(county)]
    workshops = [e for e in Enterprise.objects.all() if e.is_workshop and e.region_code.startswith(county)]
    return {
        Rule.PLACED: len(where),
        Rule.PLACED_CITY: sum(1 for c in where if c.startswith("4407")),
        Rule.PLACED_PROVINCE: sum(1 for c in where if c.startswith("44") and not c.startswith("4407")),
        Rule.PLACED_NEAR: sum(1 for c in where if not c.startswith("44")),
        Rule.TRAINED: len(trained),
        Rule.FUNDS: sum(
            (
                a.amount
                for a in Allocation.objects.all()
                if a.region_id.startswith(county) and a.allocated_on.year == year
            ),
            Decimal(0),
        ),
        Rule.PROJECTS: len(projects),
        Rule.PROJECT_HOUSEHOLDS: len(lifted),
        Rule.INVESTMENT: sum((p.budget for p in projects), Decimal(0)),
        Rule.SALES: sum(
            (
                t.amount
                for t in OrderLine.objects.select_related("order")  # the order lines, not the tallies
                if t.region_code.startswith(county)
                and t.order.status != "cancelled"
                and t.order.placed_on.year == year
            ),
            Decimal(0),
        ),
        Rule.ENTERPRISE_PAIRS: len(pairs),
        Rule.ENTERPRISE_GIFTS: sum((p.gift for p in pairs), Decimal(0)),
        Rule.WORKSHOPS: len(workshops),
        Rule.WORKSHOP_EMPLOYED: sum(e.poor_employed for e in workshops),
    }


def test_each_computed_indicator_equals_an_independent_count_of_the_demo_data(demo_data):
    readings = queries.readings(Indicator.objects.all())
    expected = {}
    approved = defaultdict(Decimal)
    for e in IndicatorEntry.objects.all():
        if e.status == EntryStatus.APPROVED:
            approved[e.indicator_id] += e.value

    assert len(readings) == 4 * 15
    for reading in readings:
        indicator = reading["indicator"]
        county = indicator.region_code[:6]
        expected.setdefault(county, independent_counts(county))
        if indicator.rule == Rule.ENTERED:
            assert reading["live"] == approved[indicator.pk], indicator.name
        else:
            assert reading["live"] == expected[county][indicator.rule], (county, indicator.rule)
    assert expected["451425"][Rule.PLACED] > 0 and expected["451423"][Rule.PLACED] > 0
    assert expected["451425"][Rule.ENTERPRISE_PAIRS] > 0


def test_the_demo_has_pairings_targets_met_and_late_and_entries_with_evidence(demo_data):
    readings = queries.readings(Indicator.objects.all())
    lights = {r["light"] for r in readings}

    assert Pairing.objects.filter(kind="county").count() == 4
    assert Pairing.objects.filter(kind="enterprise").exists() and Pairing.objects.filter(kind="town").exists()
    assert Light.GREEN in lights and Light.RED in lights
    assert IndicatorEntry.objects.filter(status=EntryStatus.APPROVED).exists()
    assert IndicatorEntry.objects.filter(status=EntryStatus.SUBMITTED).exists()
    assert not IndicatorEntry.objects.filter(evidence="").exists()
    assert EntryFile.objects.exists()  # a PDF of evidence on the first entry of each entered indicator
    assert EntryFile.objects.count() == Indicator.objects.filter(rule=Rule.ENTERED).count()
    assert Indicator.objects.filter(region_code="451425000000", confirmed_on__isnull=False).exists()
