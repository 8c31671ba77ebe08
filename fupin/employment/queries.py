"""Reads shared by the employment pages, API, exports and boards; all of them scoped by the caller."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from fupin.employment import eligibility
from fupin.employment.choices import (
    AT_WORK,
    PLACED_STAGES,
    ApplicationStatus,
    LaborerStatus,
    ReferralStage,
    ResumptionStatus,
    VacancyStatus,
)
from fupin.employment.models import (
    Enterprise,
    FallbackTarget,
    Laborer,
    PostOccupancy,
    PublicWelfarePost,
    RecruitmentEvent,
    Referral,
    ResumptionDay,
    SubsidyApplication,
    SurveyRecord,
    SurveyRound,
    Vacancy,
)
from fupin.plan.queries import rate, share_by_child_region, target

ACTIVE_REFERRAL = ~Q(stage=ReferralStage.ENDED)
VIEW_LABORER = "employment.view_laborer"


@dataclass(frozen=True)
class Target:
    code: str
    label: str
    value: Decimal
    unit: str
    deadline: datetime.date | None
    source: str  # "plan" or "fallback"


def plan_target(code: str) -> Target | None:
    """A target of the plan (fupin.plan.queries.target), else this app's fallback row."""
    found = target(code)
    if found is not None:
        return Target(code, found.label, Decimal(found.value), found.unit, found.deadline, "plan")
    row = FallbackTarget.objects.filter(code=code).first()
    if row is None:
        return None
    return Target(code, row.name, row.value, row.unit, row.deadline, "fallback")


def laborers_visible_to(user):
    """The laborers the user may see: what other apps' pages and API pick a laborer from."""
    return Laborer.objects.visible_to(user)


# --- laborers and return to work -------------------------------------------------------------


def return_to_work(laborers) -> dict:
    """At work (在岗 + 已返岗) among the laborers who want to work (all but 无意愿)."""
    counts = dict(laborers.order_by().values_list("work_status").annotate(n=Count("pk")))
    total = sum(counts.values())
    wanting = total - counts.get(LaborerStatus.UNWILLING, 0)
    at_work = sum(counts.get(s, 0) for s in AT_WORK)
    return {
        "total": total,
        "wanting": wanting,
        "at_work": at_work,
        "rate": rate(at_work, wanting),
        "by_status": [(label, counts.get(value, 0)) for value, label in LaborerStatus.choices],
    }


def return_to_work_by_round(user) -> list[dict]:
    """The return-to-work rate found by each survey round, oldest first (the trend over time)."""
    records = SurveyRecord.objects.visible_to(user)
    rows = []
    for rnd in SurveyRound.objects.visible_to(user).order_by("surveyed_on", "id")[:24]:
        mine = records.filter(round=rnd)
        counts = dict(mine.order_by().values_list("work_status").annotate(n=Count("pk")))
        wanting = sum(counts.values()) - counts.get(LaborerStatus.UNWILLING, 0)
        at_work = sum(counts.get(s, 0) for s in AT_WORK)
        rows.append(
            {
                "round": rnd,
                "surveyed": sum(counts.values()),
                "at_work": at_work,
                "rate": rate(at_work, wanting),
            }
        )
    return rows


# --- enterprises -----------------------------------------------------------------------------


def resumption(user) -> dict:
    """Share of poverty-related enterprises back at work (R2.4), overall and by child region."""
    qs = Enterprise.objects.visible_to(user).filter(poverty_related=True)
    resumed = Q(resumption=ResumptionStatus.RESUMED)
    total, done, rows = share_by_child_region(
        qs, user.prefixes_for(Enterprise.view_permission), resumed, "resumed"
    )
    goal = plan_target("enterprise-resumption-rate")
    return {
        "total": total,
        "resumed": done,
        "rate": rate(done, total),
        "rows": rows,
        "target": goal,
        "judged": resumption_judged(user, goal),
    }


# The curve shows at most this many days (a year and a little): enough for 2020's spring and summer.
CURVE_DAYS = 400


def _curve_rows(user, until):
    return (
        ResumptionDay.objects.visible_to(user)
        .filter(on__lte=until)
        .order_by("on", "region_code")
        .values_list("on", "region_code", "total", "resumed")
    )


def _point(on, state):
    total = sum(t for t, _r in state.values())
    resumed = sum(r for _t, r in state.values())
    return {"on": on, "total": total, "resumed": resumed, "rate": rate(resumed, total)}


def resumption_curve(user, until: datetime.date | None = None) -> list[dict]:
    """The daily resumption curve in the user's scope (R2.4): per day from the first kept row to `until`
    (today), poverty-related enterprises and those resumed at the end of the day, from the maintained rows
    (`ResumptionDay`, each region code's latest row on or before the day)."""
    until = until or timezone.localdate()
    rows = list(_curve_rows(user, until))
    if not rows:
        return []
    start = max(rows[0][0], until - datetime.timedelta(days=CURVE_DAYS - 1))
    state, points, i = {}, [], 0
    day = start
    while day <= until:
        while i < len(rows) and rows[i][0] <= day:
            state[rows[i][1]] = (rows[i][2], rows[i][3])
            i += 1
        points.append(_point(day, state))
        day += datetime.timedelta(days=1)
    return points


def resumption_on(user, on: datetime.date) -> dict:
    """The resumption figures of one day, as the kept curve has them at the end of that day."""
    state = {}
    for _on, code, total, resumed in _curve_rows(user, on):
        state[code] = (total, resumed)
    return _point(on, state)


def resumption_judged(user, goal, today: datetime.date | None = None) -> dict:
    """The target judged at its deadline: the rate on the deadline (2020-03-31) decides "met"; today's rate is
    shown beside it. Before the deadline nothing is judged yet (met is None)."""
    today = today or timezone.localdate()
    deadline = goal.deadline if goal else None
    at_deadline = resumption_on(user, deadline) if deadline and deadline <= today else None
    met = None
    if at_deadline is not None and at_deadline["rate"] is not None:
        met = Decimal(str(at_deadline["rate"])) >= goal.value
    return {
        "deadline": deadline,
        "target": goal.value if goal else None,
        "at_deadline": at_deadline,
        "today": resumption_on(user, today),
        "met": met,
        "curve": resumption_curve(user, today),
    }


def poor_employed_by_enterprise(enterprises):
    """Placed registered-poor laborers (via referrals) per enterprise id."""
    return dict(
        Referral.objects.filter(vacancy__enterprise__in=enterprises, stage__in=PLACED_STAGES)
        .order_by()
        .values_list("vacancy__enterprise")
        .annotate(n=Count("pk"))
    )


def vacancy_figures(user) -> dict:
    vacancies = Vacancy.objects.visible_to(user)
    open_ = vacancies.filter(status=VacancyStatus.OPEN)
    filled = Referral.objects.filter(vacancy__in=vacancies, stage__in=PLACED_STAGES).count()
    return {
        "open": open_.count(),
        "open_seats": open_.aggregate(s=Sum("seats"))["s"] or 0,
        "urgent": open_.filter(urgent=True).count(),
        "filled_seats": filled,
        "filled": vacancies.filter(status=VacancyStatus.FILLED).count(),
    }


def taken_seats(vacancy_ids) -> dict:
    """Seats already taken by active referrals, per vacancy id."""
    return dict(
        Referral.objects.filter(ACTIVE_REFERRAL, vacancy_id__in=vacancy_ids)
        .order_by()
        .values_list("vacancy_id")
        .annotate(n=Count("pk"))
    )


def placements_since(user, since: datetime.date) -> int:
    return Referral.objects.visible_to(user).filter(placed_on__gte=since).count()


def cross_region_placements(user) -> int:
    """Chongzuo laborers placed in Jiangmen (省际劳务对接), for the cooperation indicators."""
    return Referral.objects.visible_to(user).filter(cross_region=True, stage__in=PLACED_STAGES).count()


# --- labour services: 24-hour requests, recruitment events ----------------------------------------


def labour_requests(user):
    """The 24-hour labour requests (urgent vacancies) the user sees."""
    return Vacancy.objects.visible_to(user).filter(urgent=True, requested_at__isnull=False)


def request_due(vacancy):
    if vacancy.requested_at is None or not vacancy.deadline_hours:
        return None
    return vacancy.requested_at + datetime.timedelta(hours=vacancy.deadline_hours)


def request_elapsed(vacancy, now) -> datetime.timedelta | None:
    """From the request to its first referral (or to now, while nobody has been referred)."""
    if vacancy.requested_at is None:
        return None
    return (vacancy.first_referral_at or now) - vacancy.requested_at


def request_state(vacancy, now) -> str:
    """'in_time' (referred within the limit), 'late' (referred after it, or still waiting past it),
    'escalated', or 'waiting'."""
    due = request_due(vacancy)
    if vacancy.escalated_at:
        return "escalated"
    if vacancy.first_referral_at:
        return "in_time" if due is None or vacancy.first_referral_at <= due else "late"
    return "late" if due is not None and now > due else "waiting"


def request_state_label(vacancy, now) -> str:
    labels = {
        "in_time": gettext("按时推荐"),
        "late": gettext("超时"),
        "escalated": gettext("已超时上报"),
        "waiting": gettext("调度中"),
    }
    return labels[request_state(vacancy, now)]


def labour_request_figures(user, now=None) -> dict:
    """How many 24-hour requests are in each state, and the share referred in time."""
    now = now or timezone.now()
    counts = {"total": 0, "in_time": 0, "late": 0, "escalated": 0, "waiting": 0}
    for vacancy in labour_requests(user).only(
        "requested_at", "deadline_hours", "first_referral_at", "escalated_at"
    )[:5000]:
        counts["total"] += 1
        counts[request_state(vacancy, now)] += 1
    counts["in_time_rate"] = rate(counts["in_time"], counts["total"])
    return counts


def late_labour_requests(user):
    """Open 24-hour requests still without a referral that were escalated as late: the level above sees them
    in its work queue (我的待办) until someone is referred."""
    return (
        labour_requests(user)
        .filter(status=VacancyStatus.OPEN, first_referral_at__isnull=True, escalated_at__isnull=False)
        .select_related("enterprise")
        .order_by("requested_at", "pk")
    )


def labour_request_summary(user, now=None) -> str:
    f = labour_request_figures(user, now)
    return gettext(
        "共 %(t)d 个24小时用工请求：按时推荐 %(i)d 个，调度中 %(w)d 个，超时 %(l)d 个，已超时上报 %(e)d 个"
    ) % {"t": f["total"], "i": f["in_time"], "w": f["waiting"], "l": f["late"], "e": f["escalated"]}


def recruitment_events(user):
    """Recruitment events the user sees, with the vacancies and seats they offered."""
    return RecruitmentEvent.objects.visible_to(user).annotate(
        offered=Count("vacancies", distinct=True), offered_seats=Sum("vacancies__seats")
    )


def event_referral_placements(event) -> int:
    """Laborers placed (through referrals) on the vacancies an event offered, since the event."""
    return Referral.objects.filter(
        vacancy__in=event.vacancies.all(), stage__in=PLACED_STAGES, placed_on__gte=event.held_on
    ).count()


def recruitment_figures(user) -> dict:
    agg = RecruitmentEvent.objects.visible_to(user).aggregate(
        n=Count("pk"), placed=Sum("placed"), poor=Sum("poor_placed")
    )
    return {"events": agg["n"], "placed": agg["placed"] or 0, "poor_placed": agg["poor"] or 0}


# --- public-welfare posts and subsidies ------------------------------------------------------


def public_welfare(user, on: datetime.date | None = None) -> dict:
    on = on or timezone.localdate()
    posts = PublicWelfarePost.objects.visible_to(user).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=on)
    )
    current = PostOccupancy.objects.visible_to(user).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on
    )
    occupied = current.count()
    poor = current.filter(laborer__isnull=False).count()
    return {
        "posts": posts.count(),
        "seats": posts.aggregate(s=Sum("seats"))["s"] or 0,
        "occupied": occupied,
        "poor": poor,
        "poor_rate": rate(poor, occupied),
    }


def subsidies_paid(user) -> dict:
    paid = SubsidyApplication.objects.visible_to(user).filter(status=ApplicationStatus.PAID)
    agg = paid.aggregate(n=Count("pk"), total=Sum("amount"))
    return {"count": agg["n"], "amount": agg["total"] or Decimal("0")}


def kind_rule(kind) -> eligibility.KindRule:
    return eligibility.KindRule(
        kind.code, kind.name, kind.beneficiary, kind.amount, kind.basis, kind.max_months, kind.rule or {}
    )


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """'2020' → the year, '2020-03' → the month."""
    if len(period) == 4:
        year = int(period)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    year, month = int(period[:4]), int(period[5:7])
    end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return datetime.date(year, month, 1), end


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole or started calendar months from start to end inclusive (0 when end < start)."""
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def person_facts(laborer, period: str) -> eligibility.PersonFacts:
    """What the registry and the placements say about a laborer for a subsidy period."""
    start, end = period_bounds(period)
    placements = laborer.referrals.filter(stage__in=PLACED_STAGES, placed_on__lte=end)
    months_on_post = 0
    for ref in placements:
        months_on_post = max(
            months_on_post,
            3 if ref.stage == ReferralStage.MONTH3 else 1 if ref.stage == ReferralStage.MONTH1 else 0,
        )
    pw_months = 0
    for occ in laborer.posts.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start), started_on__lte=end):
        pw_months += months_between(max(occ.started_on, start), min(occ.ended_on or end, end))
    return eligibility.PersonFacts(
        registered_poor=True,
        placed=placements.exists(),
        months_on_post=months_on_post,
        public_welfare_months=pw_months,
    )


def enterprise_facts(enterprise, period: str, min_months: int = 1) -> eligibility.EnterpriseFacts:
    start, end = period_bounds(period)
    flags = frozenset(
        f
        for f in ("is_workshop", "is_studio", "is_base", "poverty_related", "is_leading")
        if getattr(enterprise, f)
    )
    placed = Referral.objects.filter(vacancy__enterprise=enterprise, stage__in=PLACED_STAGES)
    confirmed = {ReferralStage.MONTH1, ReferralStage.MONTH3} if min_months >= 1 else PLACED_STAGES
    hired = placed.filter(stage__in=confirmed, placed_on__range=(start, end)).count()
    return eligibility.EnterpriseFacts(
        flags=flags, poor_employed=max(enterprise.poor_employed, placed.count()), poor_hired=hired
    )


def check_eligibility(kind, *, laborer=None, enterprise=None, period: str, months: int = 1):
    rule = kind_rule(kind)
    if laborer is not None:
        facts = person_facts(laborer, period)
    else:
        facts = enterprise_facts(enterprise, period, rule.rule.get("min_months_on_post", 0))
    return eligibility.check(rule, facts, months=months)


def board(user) -> dict:
    """Every employment figure of the employment board, within the user's scope (the board adds training's)."""
    today = timezone.localdate()
    return {
        "work": return_to_work(Laborer.objects.visible_to(user)),
        "rounds": return_to_work_by_round(user),
        "resumption": resumption(user),
        "vacancies": vacancy_figures(user),
        "placements_week": placements_since(user, today - datetime.timedelta(days=today.weekday())),
        "cross_region": cross_region_placements(user),
        "welfare": public_welfare(user, today),
        "requests": labour_request_figures(user),
        "recruitment": recruitment_figures(user),
        "subsidies": subsidies_paid(user),
    }


# --- paired-region cooperation (fupin.cooperation reads these for its indicators) -------------------


def placements_of_laborers_from(region_prefix: str, year: int | None = None):
    """Placements (referrals that reached a post) of the laborers of a region, of a year when given: the
    records behind the cooperation's 劳务协作 figure (unscoped: the caller scopes the indicator)."""
    qs = Referral.objects.in_region(region_prefix).filter(stage__in=PLACED_STAGES)
    return qs.filter(placed_on__year=year) if year else qs


def placed_laborers_from(region_prefix: str, year: int | None = None, *, city="4407") -> dict:
    """Distinct laborers of a region placed in jobs: {total, city (in Jiangmen), province (elsewhere in
    Guangdong), near (near home, outside Guangdong)}; a laborer counts once, at their latest placement."""
    rows = placements_of_laborers_from(region_prefix, year).order_by("laborer_id", "-placed_on", "-id")
    where = {}
    for laborer_id, code in rows.values_list("laborer_id", "vacancy__region_code"):
        where.setdefault(laborer_id, code)
    codes = list(where.values())
    in_city = sum(1 for c in codes if c.startswith(city))
    in_province = sum(1 for c in codes if c.startswith(city[:2]) and not c.startswith(city))
    return {
        "total": len(codes),
        "city": in_city,
        "province": in_province,
        "near": len(codes) - in_city - in_province,
    }


def workshops_in(region_prefix: str) -> dict:
    """Poverty workshops (扶贫车间) located in a region and the poor people they employ (as they report)."""
    sums = (
        Enterprise.objects.filter(is_workshop=True)
        .in_region(region_prefix)
        .aggregate(n=Count("pk"), employed=Sum("poor_employed"))
    )
    return {"workshops": sums["n"] or 0, "employed": sums["employed"] or 0}


def households_with_lost_placements(today: datetime.date, days: int) -> dict:
    """{household id: laborers whose post or referral ended in the last `days` days and who are not at work
    now}, every household at once (the monitoring's risk rules; unscoped, the run checked its scope)."""
    since = today - datetime.timedelta(days=days)
    fields = ("laborer_id", "laborer__member__household_id", "laborer__work_status")
    ended = set(
        PostOccupancy.objects.filter(ended_on__range=(since, today), laborer__isnull=False).values_list(
            *fields
        )
    )
    ended |= set(
        Referral.objects.filter(ended_on__range=(since, today), placed_on__isnull=False).values_list(*fields)
    )
    found: dict[int, set] = {}
    for laborer_id, household_id, work_status in ended:
        if work_status not in AT_WORK:
            found.setdefault(household_id, set()).add(laborer_id)
    return {household_id: len(laborers) for household_id, laborers in found.items()}


def open_public_welfare_posts(user, region_code: str):
    """Public-welfare posts still open in the town of `region_code` that the user may see (a picker)."""
    town = region_code[:9]
    return (
        PublicWelfarePost.objects.visible_to(user)
        .filter(closed_on__isnull=True, region_code__range=(town + "000", town + "999"))
        .order_by("name")
    )
