"""Demo ledgers: items of every kind and state (some overdue), screenings, supervision targets.

Works on whatever households exist (50 to 400,000) with bulk inserts; one audit entry records the seeding.
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, F
from django.utils import timezone

from fupin.audit.recorder import record
from fupin.ledgers import tally
from fupin.ledgers.choices import (
    CHECK_CATEGORY,
    HOUSEHOLD_CHECKS,
    Category,
    CheckItem,
    ItemStatus,
    LedgerKind,
    Priority,
    RectificationType,
    ScreeningScope,
    Source,
    SupervisionGroup,
    TargetKind,
)
from fupin.ledgers.models import (
    CollectiveIncome,
    Evidence,
    LedgerItem,
    ProgressEntry,
    RenovationRecord,
    ScreeningCheck,
    ScreeningResult,
    SupervisionCheckin,
    SupervisionTarget,
    VillageProfile,
)
from fupin.ledgers.submission_demo import build_submission_demo
from fupin.plan.queries import active_plan
from fupin.plan.queries import target as plan_target
from fupin.registry.choices import Relation
from fupin.registry.models import Household, Member

UNITS = [
    "市扶贫办",
    "市人力资源社会保障局",
    "市住房城乡建设局",
    "市水利局",
    "市教育局",
    "市医疗保障局",
    "市农业农村局",
    "市民政局",
]
CATEGORY_UNIT = {
    Category.HOUSING: "市住房城乡建设局",
    Category.WATER: "市水利局",
    Category.EDUCATION: "市教育局",
    Category.MEDICAL: "市医疗保障局",
    Category.EMPLOYMENT: "市人力资源社会保障局",
    Category.PRODUCTION: "市农业农村局",
    Category.INCOME: "市扶贫办",
}
SURNAMES = "陈李黄梁张林吴何刘谭"
GIVEN = ["伟", "芳", "建华", "志强", "秀英", "国良", "丽娟", "海峰", "少芬", "永健"]
TEXTS = {
    LedgerKind.ASSISTANCE: [
        "受疫情影响外出务工受阻，需落实就近就业",
        "家庭收入下降，需落实临时救助",
        "农产品滞销，需对接消费扶贫平台",
    ],
    LedgerKind.PROGRESS: [
        "推进扶贫车间复工复产",
        "组织贫困劳动力返岗",
        "落实公益性岗位安置",
        "开展“粤菜师傅”培训",
    ],
    LedgerKind.PROBLEM: [
        "住房安全鉴定资料不全",
        "饮水水质检测未达标",
        "义务教育阶段子女控辍保学资料缺失",
        "家庭医生签约服务未落实",
        "帮扶责任人走访记录不全",
        "收入核算数据前后不一致",
    ],
    LedgerKind.SUPERVISION: ["收入不稳定，需落实一户一策帮扶", "饮水安全问题再跟踪", "住房改造跟踪督办"],
}
CATEGORIES = {
    LedgerKind.ASSISTANCE: [Category.EMPLOYMENT, Category.INCOME, Category.PRODUCTION, Category.EPIDEMIC],
    LedgerKind.PROGRESS: [Category.EMPLOYMENT, Category.PRODUCTION, Category.POLICY, Category.FUNDS],
    LedgerKind.PROBLEM: [
        Category.HOUSING,
        Category.WATER,
        Category.EDUCATION,
        Category.MEDICAL,
        Category.RESPONSIBILITY,
        Category.DATA,
    ],
    LedgerKind.SUPERVISION: [Category.INCOME, Category.WATER, Category.HOUSING],
}
KIND_WEIGHTS = [
    (LedgerKind.PROBLEM, 4),
    (LedgerKind.ASSISTANCE, 3),
    (LedgerKind.PROGRESS, 2),
    (LedgerKind.SUPERVISION, 1),
]
STATUS_WEIGHTS = [
    (ItemStatus.OPEN, 2),
    (ItemStatus.IN_PROGRESS, 4),
    (ItemStatus.CLOSE_REQUESTED, 1),
    (ItemStatus.CLOSED, 4),
]


def _name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _phone(rng):
    return "13" + "".join(rng.choice("0123456789") for _ in range(9))


def _contacts(rng):
    """The district, town and village contact of an item or a target, each with a phone."""
    return {
        "district_person": _name(rng),
        "district_phone": _phone(rng),
        "town_person": _name(rng),
        "town_phone": _phone(rng),
        "village_person": _name(rng),
        "village_phone": _phone(rng),
    }


def _weighted(rng, pairs):
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def build_demo(rng, log, *, n_items=None, batch=5000):
    if active_plan() is None:
        from fupin.plan.services import load_plan

        load_plan()
    households = list(Household.objects.values_list("id", "region_id", "water_safe", "housing_grade"))
    if not households:
        log("ledgers: no households, nothing to do")
        return
    today = timezone.localdate()
    n_items = n_items or max(60, min(len(households) // 4, 50_000))
    items = _build_items(rng, households, n_items, today)
    _name_demo_users(items)
    for start in range(0, len(items), batch):
        LedgerItem.objects.bulk_create(items[start : start + batch], batch_size=batch)
    saved = [(i.pk, i.region_code, i.status, i.deadline) for i in items]
    _build_progress_and_evidence(rng, saved, today, batch)
    n_screen = _build_screenings(rng, households, today)
    n_targets = _build_supervision(rng, households, today)
    n_old = _build_village_register(rng, households, today)
    n_reports = build_submission_demo(rng, households, today)  # R1.2: districts report to the city
    tally.rebuild()
    record(
        "ledgers.demo.seeded",
        note=f"items={len(items)} screenings={n_screen} targets={n_targets} old_revolutionary_villages={n_old}",
    )
    log(f"ledgers: {n_reports} district ledger reports to the city")
    log(
        f"ledgers: {len(items)} items, {n_screen} screenings, {n_targets} supervision targets, "
        f"{n_old} old revolutionary villages"
    )


def _name_demo_users(items):
    """Put the demo village and town users' names on their items so their inbox shows 'mine'."""
    from fupin.accounts.models import RoleAssignment
    from fupin.accounts.roles import Role

    people = {
        (a.role, a.region_id): str(a.user)
        for a in RoleAssignment.objects.select_related("user").filter(
            role__in=[Role.VILLAGE_CADRE, Role.TOWN_GROUP]
        )
    }
    for item in items:
        village = people.get((Role.VILLAGE_CADRE, item.region_code))
        town = people.get((Role.TOWN_GROUP, item.region_code[:9] + "000"))
        if village:
            item.village_person, item.village_phone = village, ""
        if town:
            item.town_person, item.town_phone = town, ""


def _build_items(rng, households, n, today):
    items = []
    for _ in range(n):
        hid, region, _water, _grade = rng.choice(households)
        kind = _weighted(rng, KIND_WEIGHTS)
        status = _weighted(rng, STATUS_WEIGHTS)
        category = rng.choice(CATEGORIES[kind])
        deadline = today + timedelta(days=rng.randint(-60, 45))
        village_level = kind == LedgerKind.PROGRESS and rng.random() < 0.5
        items.append(
            LedgerItem(
                kind=kind,
                region_code=region,
                household_id=None if village_level else hid,
                source=rng.choice(
                    [
                        Source.SELF_CHECK,
                        Source.WEEKLY,
                        Source.NATIONAL_ASSESSMENT,
                        Source.PATROL,
                        Source.SUPERVISION,
                    ]
                ),
                category=category,
                description=rng.choice(TEXTS[kind]),
                target="按时限完成整改并经验收",
                measures="明确责任人，制定整改方案，逐项对账销号",
                lead_unit=CATEGORY_UNIT.get(category, rng.choice(UNITS)),
                responsible_units="各级党委、政府",
                **_contacts(rng),
                priority=rng.choice(Priority.values),
                deadline=deadline,
                rectification_type=rng.choice(RectificationType.values),
                status=status,
                close_requested_on=today - timedelta(days=rng.randint(0, 10))
                if status in (ItemStatus.CLOSE_REQUESTED, ItemStatus.CLOSED)
                else None,
                closed_on=min(today, deadline + timedelta(days=rng.randint(-20, 5)))
                if status == ItemStatus.CLOSED
                else None,
            )
        )
    return items


def _build_progress_and_evidence(rng, saved, today, batch):
    progress, evidence = [], []
    for pk, region, status, _deadline in saved:
        if status == ItemStatus.OPEN:
            continue
        for k in range(rng.randint(1, 3)):
            progress.append(
                ProgressEntry(
                    item_id=pk,
                    region_code=region,
                    date=today - timedelta(days=10 * (3 - k)),
                    text=rng.choice(
                        ["已入户核实情况", "已制定整改方案", "已落实帮扶措施", "已完成整改，待验收"]
                    ),
                )
            )
        if status in (ItemStatus.CLOSE_REQUESTED, ItemStatus.CLOSED):
            evidence.append(
                Evidence(item_id=pk, region_code=region, text="整改前后照片及核查记录（纸质存档）")
            )
    ProgressEntry.objects.bulk_create(progress, batch_size=batch)
    Evidence.objects.bulk_create(evidence, batch_size=batch)


def _build_screenings(rng, households, today):
    """A screening for a sample of households; failed items raise open problem items linked to the check."""
    sample = rng.sample(households, min(len(households), 30))
    count = 0
    for hid, region, water_safe, grade in sample:
        check = ScreeningCheck.objects.create(
            scope=ScreeningScope.HOUSEHOLD,
            region_code=region,
            household_id=hid,
            checked_on=today - timedelta(days=rng.randint(1, 20)),
        )
        for code in HOUSEHOLD_CHECKS:
            passed = (
                not (code == CheckItem.WATER and not water_safe)
                and not (code == CheckItem.HOUSING and grade in ("C", "D"))
                and rng.random() > 0.08
            )
            item = None
            if not passed:
                item = LedgerItem.objects.create(
                    kind=LedgerKind.PROBLEM,
                    region_code=region,
                    household_id=hid,
                    source=Source.SCREENING,
                    category=CHECK_CATEGORY[code],
                    description=f"排查发现问题：{code.label}",
                    target=f"{code.label}达标",
                    deadline=check.checked_on + timedelta(days=30),
                    lead_unit=CATEGORY_UNIT.get(CHECK_CATEGORY[code], "市扶贫办"),
                )
            ScreeningResult.objects.create(screening=check, item=code, passed=passed, ledger_item=item)
        count += 1
    return count


GROUP_TARGET = {
    SupervisionGroup.INCOME: "unstable-income-people",
    SupervisionGroup.WATER: "water-safety-households",
    SupervisionGroup.HOUSING: "housing-safety-households",
}


def _build_supervision(rng, households, today):
    """950 people / 347 water / 100 housing, scaled down to the households that exist; done targets were
    reported by the village and accepted by the town, some wait for the town; housing ones have renovations."""
    scale = min(1.0, len(households) / 50_000)
    pools = {
        SupervisionGroup.WATER: [h for h in households if not h[2]] or households,
        SupervisionGroup.HOUSING: [h for h in households if h[3] in ("C", "D")] or households,
        SupervisionGroup.INCOME: households,
    }
    targets = []
    for group, code in GROUP_TARGET.items():
        goal = plan_target(code)
        n = max(3, int(int(goal.value if goal else 10) * scale))
        pool = pools[group]
        chosen = rng.sample(pool, min(n, len(pool)))
        ids = [h[0] for h in chosen]
        sizes = dict(
            Member.objects.filter(household_id__in=ids)
            .order_by()
            .values_list("household_id")
            .annotate(n=Count("id"))
        )
        members = {}
        if group == SupervisionGroup.INCOME:
            members = dict(
                Member.objects.filter(household_id__in=ids, relation=Relation.HEAD).values_list(
                    "household_id", "id"
                )
            )
        for hid, region, _w, grade in chosen:
            targets.append(_target(rng, today, group, hid, region, grade, members, sizes))
    SupervisionTarget.objects.bulk_create(targets, batch_size=2000)
    _build_renovations(rng, today)
    _build_checkins(today)
    _edit_plans(rng)
    return len(targets)


def _target(rng, today, group, hid, region, grade, members, sizes):
    done = rng.random() < 0.55
    requested = not done and rng.random() < 0.3
    # Relative to today so the demo always shows some targets due soon and some overdue.
    deadline = today + timedelta(days=rng.randint(-20, 90))
    money = (
        Decimal(rng.choice([0, 3000, 5000, 8000]))
        if group != SupervisionGroup.HOUSING
        else Decimal(rng.choice([15000, 20000, 25000]))
    )
    person = group == SupervisionGroup.INCOME and hid in members
    finished = today - timedelta(days=rng.randint(0, 30))
    return SupervisionTarget(
        kind=TargetKind.PERSON if person else TargetKind.HOUSEHOLD,
        group=group,
        region_code=region,
        household_id=hid,
        member_id=members.get(hid) if person else None,
        people=1 if person else max(1, sizes.get(hid, 1)),
        city_work_group=f"市级挂钩第{rng.randint(1, 8)}工作组",
        **_contacts(rng),
        plan_measures="一户一策：落实就业帮扶、产业奖补和兜底保障",
        plan_money=money,
        plan_start=today - timedelta(days=90),
        plan_end=deadline,
        deadline=deadline,
        done=done,
        done_on=finished if done else None,
        done_requested_on=finished if done or requested else None,
    )


def _build_renovations(rng, today):
    """Housing targets: a renovation each, accepted where the target was reported done."""
    rows = []
    housing = SupervisionTarget.objects.filter(group=SupervisionGroup.HOUSING, household__isnull=False)
    for target_id, region, grade, requested in housing.values_list(
        "id", "region_code", "household__housing_grade", "done_requested_on"
    )[:5000]:
        rows.append(
            RenovationRecord(
                target_id=target_id,
                region_code=region,
                grade_before=grade if grade in ("C", "D") else "C",
                work=rng.choice(["加固墙体、更换屋面", "拆除重建", "修缮屋顶、加固梁柱"]),
                started_on=today - timedelta(days=rng.randint(60, 120)),
                accepted_on=requested,
                grade_after=rng.choice(["A", "B"]) if requested else "",
            )
        )
    RenovationRecord.objects.bulk_create(rows, batch_size=2000)


def _build_checkins(today):
    checkins = []
    for target in SupervisionTarget.objects.filter(plan_measures__startswith="一户一策").only(
        "id", "region_code"
    )[:5000]:
        for m in range(1, 4):
            checkins.append(
                SupervisionCheckin(
                    target_id=target.pk,
                    region_code=target.region_code,
                    month=(today.replace(day=1) - timedelta(days=31 * m)).replace(day=1),
                    text="入户走访，核实帮扶措施落实",
                )
            )
    SupervisionCheckin.objects.bulk_create(checkins, batch_size=5000, ignore_conflicts=True)


def _edit_plans(rng):
    """A few plans edited after their creation (一户一策 revised), with the audit entry an edit writes."""
    edited = list(
        SupervisionTarget.objects.filter(group=SupervisionGroup.INCOME, done=False).order_by("id")[:5]
    )
    for target in edited:
        before = target.plan_measures
        target.plan_measures = before + "；追加：公益性岗位安置1人，落实小额信贷贴息"
        target.plan_money += Decimal(2000)
        SupervisionTarget.objects.filter(pk=target.pk).update(
            plan_measures=target.plan_measures, plan_money=target.plan_money, version=F("version") + 1
        )
        record(
            "ledgers.supervisiontarget.changed",
            target=target,
            note="演示数据：调整帮扶计划",
            changes={
                "plan_measures": [before, target.plan_measures],
                "plan_money": [str(target.plan_money - 2000), str(target.plan_money)],
            },
        )


# ---- The village register: old revolutionary villages, collective income, their water and road items --


def _build_village_register(rng, households, today):
    """Every village with households in the register with its collective income of last year and this
    year; old revolutionary villages (100 in the city, scaled) with 饮水难/行路难 items, some closed."""
    villages = sorted({h[1] for h in households})
    n_old = min(len(villages), max(3, int(100 * min(1.0, len(households) / 50_000))))
    old = {villages[0], *rng.sample(villages[1:], n_old - 1)}  # the first village always one of them
    VillageProfile.objects.bulk_create(
        [VillageProfile(region_code=code, old_revolutionary=code in old) for code in villages],
        batch_size=2000,
        ignore_conflicts=True,
    )
    profiles = dict(VillageProfile.objects.filter(region_code__in=villages).values_list("region_code", "id"))
    incomes = [
        CollectiveIncome(
            village_id=profiles[code],
            region_code=code,
            year=year,
            amount=Decimal(rng.randint(80, 450) * 1000),
        )
        for code in villages
        for year in (today.year - 1, today.year)
    ]
    CollectiveIncome.objects.bulk_create(incomes, batch_size=5000, ignore_conflicts=True)
    items = []
    for code in sorted(old):
        for category, text in (
            (Category.WATER, "饮水难：自来水管网未通达"),
            (Category.ROAD, "行路难：村道未硬化"),
        ):
            if rng.random() < 0.6:
                closed = rng.random() < 0.4
                items.append(
                    LedgerItem(
                        kind=LedgerKind.PROBLEM,
                        region_code=code,
                        source=Source.SCREENING,
                        category=category,
                        description=f"革命老区村{text}",
                        target=f"{text.split('：')[0]}问题整改到位",
                        deadline=today + timedelta(days=rng.randint(-20, 120)),
                        lead_unit=CATEGORY_UNIT.get(category, "市交通运输局"),
                        status=ItemStatus.CLOSED if closed else ItemStatus.IN_PROGRESS,
                        closed_on=today - timedelta(days=rng.randint(1, 20)) if closed else None,
                    )
                )
    LedgerItem.objects.bulk_create(items, batch_size=2000)
    return len(old)
