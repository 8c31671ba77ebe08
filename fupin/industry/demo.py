"""Demo data for industry: households' industries, each town's and a share of villages' leading industry,
projects per county run by the employment demo's enterprises, the households they lift, and the money they
drew from the industry fund's allocations (as the funds service writes it, within every ceiling)."""

import datetime
from decimal import Decimal

from django.db.models import F

from fupin.core.display import region_name
from fupin.employment.models import Enterprise
from fupin.funds.choices import PayeeKind
from fupin.funds.models import Allocation, Disbursement
from fupin.funds.rules import INDUSTRY_FUND_LINE
from fupin.industry.choices import BenefitKind, BusinessModel, LinkMode, ProjectStatus
from fupin.industry.models import (
    HouseholdIndustry,
    LeadingIndustry,
    Project,
    ProjectFunding,
    ProjectHousehold,
)
from fupin.registry.choices import LABOR_ABLE
from fupin.registry.models import Member

BATCH = 5000
SITES = {
    "planting": "种植基地",
    "breeding": "养殖场",
    "processing": "加工厂",
    "tourism": "乡村旅游点",
    "solar": "光伏电站",
}
PRODUCTS = {
    "planting": ["丝苗米", "陈皮", "茶叶", "蔬菜", "荔枝"],
    "breeding": ["生猪", "鸡", "鱼塘", "蜜蜂", "鸭"],
    "processing": ["陈皮加工", "腊味", "米粉"],
    "service": ["农机服务", "家政"],
    "ecommerce": ["农产品网店"],
    "solar": ["屋顶光伏"],
    "tourism": ["农家乐", "民宿"],
}
SCALES = {"planting": "亩", "breeding": "头(只)", "solar": "千瓦"}
STATUSES = [
    ProjectStatus.DECLARED,
    ProjectStatus.APPROVED,
    ProjectStatus.IMPLEMENTING,
    ProjectStatus.ACCEPTED,
    ProjectStatus.OPERATING,
]


def build_demo(rng, log):
    if Project.objects.exists():
        log("industry: projects already made, nothing to do")
        return 0
    households = _labour_households()
    if not households:
        log("industry: no households, nothing to do")
        return 0
    industries = _household_industries(rng, households)
    leading = _leading(rng, households)
    projects, links, paid = _projects(rng, households)
    log(
        f"industry: {industries} household industries, {leading} leading industries, {projects} projects, "
        f"{links} linked households, {paid} payments"
    )
    return projects


def _labour_households():
    rows = Member.objects.filter(labor_ability__in=LABOR_ABLE).order_by("household_id")
    return dict(rows.values_list("household_id", "region_code")[:200_000])


def _household_industries(rng, households):
    kinds = list(PRODUCTS)
    rows = []
    for household_id, village in households.items():
        if rng.random() > 0.62:
            continue  # the village's to-do list
        kind = rng.choices(kinds, weights=[5, 4, 1, 1, 1, 1, 1])[0]
        rows.append(
            HouseholdIndustry(
                household_id=household_id,
                region_code=village,
                kind=kind,
                product=rng.choice(PRODUCTS[kind]),
                scale=f"{rng.randint(1, 30)}{SCALES.get(kind, '项')}",
                income=Decimal(rng.randint(20, 300) * 100),
                recorded_on=datetime.date(2020, 3, 1) + datetime.timedelta(days=rng.randint(0, 90)),
            )
        )
    HouseholdIndustry.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _leading(rng, households):
    villages = sorted(set(households.values()))
    towns = sorted({v[:9] + "000" for v in villages})
    rows = []
    for code in towns + [v for v in villages if rng.random() < 0.3]:
        kind = rng.choice(["planting", "breeding", "processing", "tourism"])
        rows.append(LeadingIndustry(region_code=code, kind=kind, product=rng.choice(PRODUCTS[kind])))
    LeadingIndustry.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _projects(rng, households):
    by_county = {}
    for household_id, village in households.items():
        by_county.setdefault(village[:6], []).append((household_id, village))
    operators = {}
    for enterprise in Enterprise.objects.order_by("pk"):
        operators.setdefault(enterprise.region_code[:6], []).append(enterprise)
    allocations = {
        a.region_id[:6]: a
        for a in Allocation.objects.filter(
            fund__budget_line__code=INDUSTRY_FUND_LINE, status="active"
        ).order_by("pk")
    }
    made = linked = paid = 0
    for county, pool in sorted(by_county.items()):
        for n in range(rng.randint(2, 5) if operators.get(county) else 0):
            project = _project(rng, county, n, rng.choice(operators[county]), pool)
            linked += _link(rng, project, pool)
            allocation = allocations.get(county)
            if allocation is not None and project.status != ProjectStatus.DECLARED:
                paid += _pay(rng, project, allocation)
            made += 1
    return made, linked, paid


def _project(rng, county, n, operator, pool):
    kind = rng.choice(["planting", "breeding", "processing", "tourism", "solar"])
    status = rng.choice(STATUSES)
    declared = datetime.date(2020, 2, 1) + datetime.timedelta(days=rng.randint(0, 60))
    step = datetime.timedelta(days=rng.randint(10, 30))
    index = STATUSES.index(status)
    dates = {
        f: declared + step * (i + 1) if index > i else None
        for i, f in enumerate(["approved_on", "started_on", "accepted_on", "operating_on"])
    }
    resumed = index >= 2 and rng.random() < 0.9
    town = rng.choice(pool)[1][:9] + "000"
    return Project.objects.create(
        name=f"{region_name(town)}{rng.choice(PRODUCTS[kind])}{SITES[kind]}",
        region_code=town,
        kind=kind,
        business_model=rng.choice(BusinessModel.values),
        link_mode=rng.choice(LinkMode.values),
        operator=operator,
        budget=Decimal(rng.randint(10, 80) * 10000),
        status=status,
        declared_on=declared,
        resumption="yes" if resumed else "no",
        resumed_on=declared + step if resumed else None,
        **dates,
    )


def _link(rng, project, pool):
    local = [p for p in pool if p[1].startswith(project.region_code[:9])]
    chosen = rng.sample(local, min(len(local), rng.randint(3, 25)))
    rows = [
        ProjectHousehold(
            project=project,
            household_id=household_id,
            region_code=village,
            benefit=(benefit := rng.choice(list(BenefitKind.values))),
            amount=Decimal(rng.randint(5, 60) * 100 if benefit != "wage" else rng.randint(60, 240) * 100),
        )
        for household_id, village in chosen
    ]
    ProjectHousehold.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _pay(rng, project, allocation):
    """A payment of up to 60 % of the budget, if the allocation still holds it."""
    allocation.refresh_from_db()
    amount = min(project.budget * Decimal(str(rng.uniform(0.2, 0.6))), allocation.remaining).quantize(
        Decimal("100")
    )
    if amount <= 0:
        return 0
    payment = Disbursement.objects.create(
        allocation=allocation,
        region_code=project.region_code,
        amount=amount,
        paid_on=(project.approved_on or project.declared_on) + datetime.timedelta(days=7),
        payee_kind=PayeeKind.PROJECT,
        payee_name=project.operator.name,
        voucher_number=f"产-{project.pk:05d}-1",
        purpose=project.name,
    )
    Allocation.objects.filter(pk=allocation.pk).update(spent=F("spent") + amount)
    Project.objects.filter(pk=project.pk).update(funded=amount)
    ProjectFunding.objects.create(
        project=project, disbursement=payment, amount=amount, region_code=project.region_code
    )
    return 1
