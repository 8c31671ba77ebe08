"""Reads shared by the employment pages, API, exports and boards; all of them scoped by the caller."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

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
    Referral,
    SubsidyApplication,
    SurveyRecord,
    SurveyRound,
    Vacancy,
)
from fupin.plan.queries import rate, share_by_child_region, target

ACTIVE_REFERRAL = ~Q(stage=ReferralStage.ENDED)


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
    return {
        "total": total,
        "resumed": done,
        "rate": rate(done, total),
        "rows": rows,
        "target": plan_target("enterprise-resumption-rate"),
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
        "subsidies": subsidies_paid(user),
    }
