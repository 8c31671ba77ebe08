"""Demo data for employment, coherent with whatever registry exists (50 to 400,000 households).

Laborers come from the registry's labor-able members; enterprises get valid credit codes; placements,
public-welfare posts and subsidies are drawn from those laborers. Everything is written with bulk_create.
"""

import datetime
from decimal import Decimal

from fupin.employment.choices import (
    AT_WORK,
    LaborerStatus,
    PostKind,
    ReferralStage,
    ResumptionStatus,
    WorkArea,
)
from fupin.employment.creditcode import ALPHABET, make_credit_code
from fupin.employment.models import (
    Enterprise,
    Laborer,
    PostOccupancy,
    PublicWelfarePost,
    Referral,
    SubsidyApplication,
    SubsidyKind,
    SurveyRecord,
    SurveyRound,
    Vacancy,
)

BATCH = 5000
SKILLS = ["电工", "焊工", "叉车", "缝纫", "厨师", "育婴", "保洁", "驾驶", "种植", "养殖", "装配", "营业员"]
POSTS = {
    "C": ["普工", "装配工", "质检员", "缝纫工"],
    "H": ["厨师", "服务员"],
    "E": ["泥水工", "钢筋工"],
    "O": ["家政服务员", "保安"],
    "A": ["种植工", "养殖工"],
    "G": ["快递员", "仓管员"],
}
TRADES = {"C": "制衣", "H": "餐饮", "E": "建筑", "O": "家政服务", "A": "农业", "G": "物流"}
STATUS_WEIGHTS = [
    (LaborerStatus.ON_POST, 30),
    (LaborerStatus.RETURNED, 25),
    (LaborerStatus.WAITING, 25),
    (LaborerStatus.UNEMPLOYED, 10),
    (LaborerStatus.UNWILLING, 10),
]
D = datetime.date


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def build_demo(rng, log):
    laborers = _laborers(rng, log)
    _surveys(rng, log)
    vacancies = _enterprises(rng, log)
    _placements(rng, log, vacancies)
    _public_welfare(rng, log)
    _subsidies(rng, log)
    _labour_requests(rng, log)
    _events_and_officers(rng, log)
    _resumption_curve(log)
    return laborers


def _laborers(rng, log):
    from fupin.registry.models import Member

    members = (
        Member.objects.labor_able()
        .filter(laborer__isnull=True)
        .order_by("pk")
        .values_list("pk", "region_code", "name", "phone")
        .iterator(chunk_size=BATCH)
    )
    batch, total = [], 0
    for pk, code, name, phone in members:
        status = _pick(rng, STATUS_WEIGHTS)
        chongzuo = code.startswith("45")
        batch.append(
            Laborer(
                member_id=pk,
                region_code=code,
                name=name,
                phone=phone,
                work_status=status,
                work_area=rng.choice(WorkArea.values) if status in AT_WORK else "",
                max_area=_pick(rng, [("4", 60), ("3", 40)])
                if chongzuo
                else _pick(rng, [("1", 30), ("2", 45), ("3", 25)]),
                preferred_region_code="440700000000"
                if chongzuo and rng.random() < 0.5
                else code[:6] + "000000",
                desired_industries=",".join(rng.sample(list(POSTS), rng.randint(0, 2))),
                expected_wage=rng.choice([0, 2500, 3000, 3500, 4000]),
                skills=",".join(rng.sample(SKILLS, rng.randint(0, 2))),
                available_from=D(2020, 2, 15) + datetime.timedelta(days=rng.randint(0, 45)),
            )
        )
        if len(batch) >= BATCH:
            Laborer.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    Laborer.objects.bulk_create(batch)
    total += len(batch)
    log(f"employment: {total} laborer profiles from the registry")
    return total


def _surveys(rng, log):
    if SurveyRound.objects.exists():
        return
    rows = list(Laborer.objects.order_by("pk").values_list("pk", "region_code", "work_status")[:100_000])
    for name, day, shift in (
        ("2020年2月返岗摸查", D(2020, 2, 20), 0.5),
        ("2020年3月返岗摸查", D(2020, 3, 15), 0.85),
    ):
        rnd = SurveyRound.objects.create(name=name, surveyed_on=day, region_code="440700000000")
        records = []
        for pk, code, status in rows:
            if status in AT_WORK and rng.random() > shift:
                status = LaborerStatus.WAITING
            records.append(SurveyRecord(round=rnd, laborer_id=pk, region_code=code, work_status=status))
        SurveyRecord.objects.bulk_create(records, batch_size=BATCH)
    log(f"employment: 2 survey rounds of {len(rows)} laborers")


def _credit_code(rng, county, collective=False):
    body = "".join(rng.choice(ALPHABET) for _ in range(9))
    return make_credit_code(("N2" if collective else "91") + county + body)


def _enterprises(rng, log):
    from fupin.regions.models import Region

    towns = list(Region.objects.filter(level=4).values_list("code", flat=True)) or sorted(
        {c[:9] + "000" for c in Laborer.objects.values_list("region_code", flat=True)[:5000]}
    )
    enterprises, seen = [], set(Enterprise.objects.values_list("credit_code", flat=True))
    for town in towns:
        for i in range(rng.randint(1, 3)):
            collective = i == 0 and rng.random() < 0.3
            code = _credit_code(rng, town[:6], collective)
            if code in seen:
                continue
            seen.add(code)
            industry = rng.choice(list(POSTS))
            resumed = rng.random() < 0.85
            workshop = rng.random() < 0.2
            enterprises.append(
                Enterprise(
                    name=(
                        f"{town[-6:-3]}镇第{i + 1}村股份经济合作社"
                        if collective
                        else f"{rng.choice(['江门', '五邑', '侨乡', '新会', '台山'])}{TRADES[industry]}{town[-6:-3]}{i}号有限公司"
                    ),
                    credit_code=code,
                    region_code=town,
                    industry=industry,
                    poverty_related=rng.random() < 0.6,
                    is_workshop=workshop,
                    is_studio=not workshop and rng.random() < 0.05,
                    is_base=rng.random() < 0.05,
                    is_leading=rng.random() < 0.05,
                    contact_name=rng.choice(["陈", "李", "黄", "梁"]) + "经理",
                    contact_phone=f"0750-{rng.randint(3000000, 3999999)}",
                    resumption=ResumptionStatus.RESUMED if resumed else rng.choice(["no", "partly"]),
                    poor_employed=rng.randint(0, 12) if workshop else rng.randint(0, 3),
                )
            )
            ent = enterprises[-1]
            if ent.resumption != ResumptionStatus.NOT_RESUMED:
                ent.resumed_on = D(2020, 2, 10) + datetime.timedelta(days=rng.randint(0, 45))
    Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    vacancies = []
    for ent in Enterprise.objects.filter(vacancies__isnull=True).order_by("pk"):
        for _ in range(rng.randint(1, 3)):
            low = rng.choice([2500, 3000, 3500])
            urgent = rng.random() < 0.1
            vacancies.append(
                Vacancy(
                    enterprise=ent,
                    region_code=ent.region_code,
                    post=rng.choice(POSTS.get(ent.industry, ["普工"])),
                    seats=rng.randint(1, 20),
                    wage_min=low,
                    wage_max=low + rng.choice([0, 500, 1000, 1500]),
                    industry=ent.industry,
                    skills=",".join(rng.sample(SKILLS, rng.randint(0, 2))),
                    start_date=D(2020, 3, 1) + datetime.timedelta(days=rng.randint(0, 30)),
                    housing=rng.random() < 0.4,
                    transport=rng.random() < 0.3,
                    urgent=urgent,
                    deadline_hours=24 if urgent else None,
                )
            )
    Vacancy.objects.bulk_create(vacancies, batch_size=BATCH)
    log(f"employment: {len(enterprises)} enterprises with valid credit codes, {len(vacancies)} vacancies")
    return list(Vacancy.objects.order_by("pk").values_list("pk", "region_code", "seats"))


def _placements(rng, log, vacancies):
    """Some waiting laborers referred and placed in vacancies of their own county (a few to Jiangmen)."""
    by_county = {}
    for pk, code, seats in vacancies:
        by_county.setdefault(code[:6], []).append([pk, code, min(seats, 3)])
    jiangmen = [v for county, vs in by_county.items() if county.startswith("4407") for v in vs]
    waiting = list(
        Laborer.objects.filter(work_status=LaborerStatus.WAITING)
        .order_by("?")
        .values_list("pk", "region_code")[:3000]
    )
    referrals, placed = [], []
    for pk, code in waiting:
        pool = jiangmen if code.startswith("45") else by_county.get(code[:6], [])
        free = [v for v in pool if v[2] > 0]
        if not free:
            continue
        vac = rng.choice(free)
        vac[2] -= 1
        start = D(2020, 3, 2) + datetime.timedelta(days=rng.randint(0, 20))
        stage = _pick(
            rng,
            [
                (ReferralStage.REFERRED, 2),
                (ReferralStage.INTERVIEWED, 1),
                (ReferralStage.PLACED, 3),
                (ReferralStage.MONTH1, 2),
                (ReferralStage.MONTH3, 2),
            ],
        )
        order = [s for s in ReferralStage.values]
        reached = order.index(stage)
        referrals.append(
            Referral(
                laborer_id=pk,
                vacancy_id=vac[0],
                region_code=code,
                stage=stage,
                cross_region=code[:2] != vac[1][:2],
                referred_on=start,
                interviewed_on=start + datetime.timedelta(days=2) if reached >= 1 else None,
                placed_on=start + datetime.timedelta(days=5) if reached >= 2 else None,
                month1_on=start + datetime.timedelta(days=35) if reached >= 3 else None,
                month3_on=start + datetime.timedelta(days=95) if reached >= 4 else None,
            )
        )
        if reached >= 2:
            placed.append(pk)
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    for i in range(0, len(placed), BATCH):
        Laborer.objects.filter(pk__in=placed[i : i + BATCH]).update(work_status=LaborerStatus.ON_POST)
    log(f"employment: {len(referrals)} referrals, {len(placed)} placed")


def _public_welfare(rng, log):
    villages = sorted({c for c in Laborer.objects.values_list("region_code", flat=True).distinct()[:2000]})
    posts = [
        PublicWelfarePost(
            region_code=v,
            kind=rng.choice(PostKind.values),
            name=f"{v[-3:]}村公益岗",
            temporary=rng.random() < 0.4,
            seats=rng.randint(1, 3),
            monthly_pay=1550,
            opened_on=D(2020, 2, 1) + datetime.timedelta(days=rng.randint(0, 20)),
        )
        for v in villages
    ]
    for post in posts:
        post.name = f"{PostKind(post.kind).label}{post.name}"
    PublicWelfarePost.objects.bulk_create(posts, batch_size=BATCH)
    candidates = {}
    for pk, code, name in Laborer.objects.filter(
        region_code__in=villages, work_status__in=["waiting", "unemployed"]
    ).values_list("pk", "region_code", "name")[:20000]:
        candidates.setdefault(code, []).append((pk, name))
    occupancies, taken = [], []
    for post in PublicWelfarePost.objects.filter(occupancies__isnull=True):
        for _ in range(post.seats):
            pool = candidates.get(post.region_code) or []
            if pool and rng.random() < 0.85:
                pk, name = pool.pop()
                occupancies.append(
                    PostOccupancy(
                        post=post,
                        laborer_id=pk,
                        name=name,
                        region_code=post.region_code,
                        started_on=post.opened_on,
                    )
                )
                taken.append(pk)
            else:
                occupancies.append(
                    PostOccupancy(
                        post=post,
                        name=rng.choice(["村民", "返乡青年"]) + str(post.pk),
                        region_code=post.region_code,
                        started_on=post.opened_on,
                    )
                )
    PostOccupancy.objects.bulk_create(occupancies, batch_size=BATCH)
    Laborer.objects.filter(pk__in=taken).update(work_status=LaborerStatus.ON_POST, work_area=WorkArea.TOWN)
    log(f"employment: {len(posts)} public-welfare posts, {len(occupancies)} occupants ({len(taken)} poor)")


def _subsidies(rng, log):
    kind = SubsidyKind.objects.filter(code="public_welfare_post").first()
    if kind is None:
        return
    apps = []
    for occ in PostOccupancy.objects.filter(laborer__isnull=False).order_by("pk")[:5000]:
        status = _pick(rng, [("approved", 7), ("applied", 2)])
        apps.append(
            SubsidyApplication(
                kind=kind,
                laborer_id=occ.laborer_id,
                beneficiary_key=f"L{occ.laborer_id}",
                region_code=occ.region_code,
                period="2020-03",
                months=1,
                amount=Decimal(kind.amount),
                status=status,
                eligibility=f"建档立卡贫困劳动力；本期在公益性岗位 1 个月；应发 {kind.amount} 元",
                proof="考勤表",
                applied_on=D(2020, 4, 2),
                approved_on=D(2020, 4, 8) if status != "applied" else None,
            )
        )
    SubsidyApplication.objects.bulk_create(apps, batch_size=BATCH, ignore_conflicts=True)
    log(f"employment: {len(apps)} public-welfare post subsidy applications, {_pay_some(log)} paid from funds")


def _pay_some(log, limit=30) -> int:
    """Pay some approved subsidies through the funds service, from measure 2's allocations (R2.6)."""
    from fupin.accounts.models import User
    from fupin.core.errors import DomainError
    from fupin.employment.services.subsidies import pay_subsidy
    from fupin.funds.queries import disbursable_allocations

    payer = User.objects.filter(role_assignments__role="city_office", is_active=True).first()
    if payer is None:
        return 0
    allocations = list(
        disbursable_allocations(payer).filter(fund__budget_line__code="training-budget").order_by("pk")
    )
    paid = 0
    for app in SubsidyApplication.objects.filter(status="approved").select_related(
        "kind", "laborer__member__household"
    )[: limit * 4]:
        allocation = next((a for a in allocations if app.region_code.startswith(a.region_id[:6])), None)
        if allocation is None:
            continue
        try:
            pay_subsidy(
                app, by=payer, version=app.version, allocation=allocation, voucher=f"GY2020{app.pk:06d}"
            )
        except DomainError:
            continue
        paid += 1
        if paid >= limit:
            break
    return paid


def _labour_requests(rng, log):
    """The 24-hour requests timed: most referred within their hours, a few late and escalated (R2.9)."""
    from django.utils import timezone

    from fupin.employment.services.labour_requests import escalate_late_requests

    now = timezone.now()
    if not Vacancy.objects.filter(urgent=True).exists():  # a small data set still shows one
        Vacancy.objects.filter(pk__in=Vacancy.objects.order_by("pk").values("pk")[:2]).update(
            urgent=True, deadline_hours=24
        )
    urgent = list(Vacancy.objects.filter(urgent=True, requested_at__isnull=True).order_by("pk")[:2000])
    for i, vacancy in enumerate(urgent):
        vacancy.requested_at = now - datetime.timedelta(hours=rng.randint(2, 72))
        if i % 4 != 3:  # three in four referred in time
            vacancy.first_referral_at = vacancy.requested_at + datetime.timedelta(hours=rng.randint(1, 20))
    Vacancy.objects.bulk_update(urgent, ["requested_at", "first_referral_at"], batch_size=BATCH)
    escalated = escalate_late_requests(now=now)
    log(f"employment: {len(urgent)} 24-hour labour requests, {escalated} escalated as late")


def _events_and_officers(rng, log):
    """Recruitment events per county (online and on site) and officers for the poverty-related enterprises."""
    from fupin.employment.models import EnterpriseOfficer, RecruitmentEvent

    counties = sorted({c[:6] for c in Enterprise.objects.values_list("region_code", flat=True)})
    made = 0
    for county in counties:
        for mode, name in (("onsite", "春风行动现场招聘会"), ("online", "就业扶贫线上招聘月")):
            offered = list(Vacancy.objects.filter(region_code__startswith=county).order_by("pk")[:8])
            if not offered:
                continue
            placed = rng.randint(5, 60)
            event = RecruitmentEvent.objects.create(
                name=name,
                mode=mode,
                held_on=D(2020, 3, rng.randint(2, 28)),
                place="区人才市场" if mode == "onsite" else "“江门人社”公众号",
                region_code=county.ljust(12, "0"),
                attendees=placed * rng.randint(3, 6),
                poor_attendees=placed,
                placed=placed,
                poor_placed=rng.randint(0, placed // 2),
            )
            event.vacancies.set(offered)
            made += 1
    officers = [
        EnterpriseOfficer(
            enterprise=ent,
            region_code=ent.region_code,
            name=rng.choice(["陈", "李", "黄", "梁", "吴"]) + rng.choice(["志强", "丽华", "晓明", "敏"]),
            phone=f"138{rng.randint(10000000, 99999999)}",
            assigned_on=D(2020, 2, rng.randint(10, 28)),
        )
        for ent in Enterprise.objects.filter(poverty_related=True, officers__isnull=True)
    ]
    EnterpriseOfficer.objects.bulk_create(officers, batch_size=BATCH)
    log(f"employment: {made} recruitment events, {len(officers)} employment service officers")


def _resumption_curve(log):
    """The daily resumption curve from 2020-02-10 to today, as the services would have kept it (R2.4)."""
    from fupin.employment.models import ResumptionDay
    from fupin.employment.services.resumption import rebuild_resumption_day

    rows = Enterprise.objects.filter(poverty_related=True).values_list(
        "region_code", "resumption", "resumed_on"
    )
    by_day = {}
    totals = {}
    for code, status, on in rows:
        totals[code] = totals.get(code, 0) + 1
        if status == ResumptionStatus.RESUMED and on:
            by_day.setdefault(on, {}).setdefault(code, 0)
            by_day[on][code] += 1
    start = D(2020, 2, 10)
    resumed = dict.fromkeys(totals, 0)
    kept = {(start, code): 0 for code in totals}
    for on in sorted(d for d in by_day if d >= start):
        for code, n in by_day[on].items():
            resumed[code] += n
            kept[(on, code)] = resumed[code]
    days = [
        ResumptionDay(on=on, region_code=code, total=totals[code], resumed=n)
        for (on, code), n in kept.items()
    ]
    ResumptionDay.objects.bulk_create(days, batch_size=BATCH, ignore_conflicts=True)
    rebuild_resumption_day()
    log(f"employment: daily resumption curve, {len(days)} rows")
