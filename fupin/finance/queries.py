"""Reads of the finance app shared by its pages, API, the target board and other apps' rules."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from fupin.finance.choices import LoanKind
from fupin.finance.models import InterestSubsidy, Loan, LoanHousehold
from fupin.funds.models import Fund
from fupin.funds.queries import disbursable_allocations
from fupin.funds.rules import LOAN_SUBSIDY_LINE
from fupin.plan.queries import active_plan, target
from fupin.reports.models import Assessment

MULTIPLIER_TARGET = "zhengyinbao-loan-multiplier"
ZERO = Decimal("0.00")


def households_with_overdue_loans(*, on: datetime.date) -> set[int]:
    """Households with a 扶贫小额信贷 loan overdue on the day (a deferred loan is not overdue): a risk
    signal of the return-to-poverty monitoring. Not scoped: the monitoring's rules run city-wide."""
    rows = Loan.objects.overdue(on).filter(kind=LoanKind.MICROCREDIT, household__isnull=False)
    return set(rows.values_list("household_id", flat=True))


def households_hit_by_epidemic(household_ids) -> set[int]:
    """Those of the households the weekly tracking found hit by the epidemic (income lost, work or
    business disrupted, members not back at work, or ill)."""
    hit = (
        Q(income_lost__gt=0)
        | Q(business_disrupted=True)
        | Q(farming_disrupted=True)
        | Q(members_not_back__gt=0)
        | Q(confirmed_members__gt=0)
    )
    rows = Assessment.objects.filter(hit, household_id__in=list(household_ids))
    return set(rows.values_list("household_id", flat=True))


def subsidy_fund():
    """The fund of the plan's loan-subsidy line (政银保贷款贴息保费补贴), or None."""
    plan = active_plan()
    return Fund.objects.filter(budget_line__plan=plan, budget_line__code=LOAN_SUBSIDY_LINE).first()


def zhengyinbao_volume(*, lock=False) -> tuple[Decimal, Decimal | None]:
    """(政银保 loans granted, their ceiling: the plan's multiple × the fund); ceiling None without a fund."""
    fund = subsidy_fund()
    if fund is not None and lock:
        Fund.objects.select_for_update().filter(pk=fund.pk).first()
    volume = Loan.objects.filter(kind=LoanKind.ZHENGYINBAO).aggregate(s=Sum("amount"))["s"] or ZERO
    multiple = target(MULTIPLIER_TARGET)
    if fund is None:
        return volume, None
    return volume, fund.amount * (multiple.value if multiple else Decimal(15))


def subsidy_allocations(user):
    """Active allocations of the loan-subsidy line the user may pay from."""
    return disbursable_allocations(user).filter(fund__budget_line__code=LOAN_SUBSIDY_LINE)


def loan_figures(user, on) -> dict:
    """Loans in scope: outstanding, overdue and deferred (count and balance) per kind; 政银保 volume against
    its ceiling and the households its loans lift."""
    loans = Loan.objects.visible_to(user)
    result = {}
    for kind in LoanKind:
        qs = loans.filter(kind=kind)
        figures = {}
        for name, part in (
            ("outstanding", qs.outstanding()),
            ("overdue", qs.overdue(on)),
            ("deferred", qs.deferred(on)),
        ):
            sums = part.aggregate(n=Count("pk"), balance=Sum("balance"))
            figures[name] = {"n": sums["n"], "balance": sums["balance"] or ZERO}
        figures["label"] = kind.label
        result[kind.value] = figures
    volume, ceiling = zhengyinbao_volume()
    result["zhengyinbao_volume"] = volume
    result["zhengyinbao_ceiling"] = ceiling
    result["lifted"] = LoanHousehold.objects.visible_to(user).values("household_id").distinct().count()
    result["subsidised"] = InterestSubsidy.objects.visible_to(user).aggregate(s=Sum("amount"))["s"] or ZERO
    return result


def loan_standing(loan, on) -> str:
    from fupin.finance.rules import standing

    return standing(balance=loan.balance, due_on=loan.due_on, deferred_until=loan.deferred_until, on=on)


def borrowers_visible_to(user):
    """Enterprises and cooperatives a 政银保 loan may be granted to (employment's register)."""
    from fupin.employment.models import Enterprise

    return Enterprise.objects.visible_to(user).order_by("name")


def highest_zhengyinbao_rate(user):
    """The highest yearly rate of the 政银保 loans in scope (None without any)."""
    from django.db.models import Max

    return Loan.objects.visible_to(user).filter(kind=LoanKind.ZHENGYINBAO).aggregate(m=Max("rate"))["m"]
