"""Reads of the funds app shared by the board, the lists, the API and the import; scoped by the caller."""

from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr

from fupin.core.regioncodes import in_prefix
from fupin.funds.choices import DisbursementStatus
from fupin.funds.models import VIEW, ZERO, Allocation, Fund
from fupin.plan.queries import rate
from fupin.regions.models import Region
from fupin.regions.queries import child_length


def sees_whole_fund(user, fund) -> bool:
    """City-level users see a fund's city-wide totals; others see the sums of their own allocations."""
    return in_prefix(fund.region_code, user.prefixes_for(VIEW))


def _sums_by_fund(allocations) -> dict:
    rows = allocations.order_by().values("fund").annotate(a=Sum("amount"), s=Sum("spent"))
    return {r["fund"]: (r["a"] or ZERO, r["s"] or ZERO) for r in rows}


def fund_rows(user) -> list[dict]:
    """Each fund the user sees: budget, allocated, spent, remaining and execution rate.

    For city-level users the base of the rate is the budget; for others it is what was allocated to their
    region, and only funds with such allocations are listed. 结余 is the same for both: allocated - spent
    (money handed down and not yet paid out); what is not yet allocated is `unallocated`."""
    sums = _sums_by_fund(Allocation.objects.visible_to(user).active())
    rows = []
    for fund in Fund.objects.visible_to(user).select_related("budget_line").order_by("id"):
        whole = sees_whole_fund(user, fund)
        if not whole and fund.pk not in sums:
            continue  # nothing of this fund was allocated to the user's region
        allocated, spent = sums.get(fund.pk, (ZERO, ZERO))
        allocated = fund.allocated if whole else allocated
        base = fund.amount if whole else allocated
        rows.append(
            {
                "fund": fund,
                "whole": whole,
                "budget": fund.amount,
                "allocated": allocated,
                "unallocated": fund.amount - fund.allocated if whole else None,
                "spent": spent,
                "remaining": allocated - spent,
                "rate": rate(spent, base),
            }
        )
    return rows


def totals(rows) -> dict:
    keys = ("budget", "allocated", "spent", "remaining")
    result = {k: sum((r[k] for r in rows), Decimal("0")) for k in keys}
    whole = bool(rows) and all(r["whole"] for r in rows)
    result["rate"] = rate(result["spent"], result["budget"] if whole else result["allocated"])
    return result


def region_rows(user, fund=None) -> list[dict]:
    """Allocated and spent of the active allocations in scope, by child region of the user's scope."""
    qs = Allocation.objects.visible_to(user).active()
    if fund is not None:
        qs = qs.filter(fund=fund)
    n = child_length(user.prefixes_for(VIEW))
    rows = list(
        qs.order_by()
        .annotate(child=Substr("region_id", 1, n))
        .values("child")
        .annotate(allocated=Sum("amount"), spent=Sum("spent"), count=Count("pk"))
        .order_by("child")
    )
    codes = [r["child"].ljust(12, "0") for r in rows]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for row in rows:
        row["code"] = row.pop("child").ljust(12, "0")
        row["name"] = names.get(row["code"], row["code"])
        row["remaining"] = row["allocated"] - row["spent"]
        row["rate"] = rate(row["spent"], row["allocated"])
    return rows


def chart_data(rows) -> dict:
    """The board's bar chart: budget (or allocated), allocated and spent per fund, in 万元."""

    def wan(value):
        return round(float(value) / 10000, 2)

    return {
        "labels": [r["fund"].budget_line.label for r in rows],
        "budget": [wan(r["budget"]) for r in rows],
        "allocated": [wan(r["allocated"]) for r in rows],
        "spent": [wan(r["spent"]) for r in rows],
    }


def allocation_figures(allocation) -> dict:
    disbursements = allocation.disbursements.all()
    counts = dict(disbursements.order_by().values_list("status").annotate(n=Count("pk")))
    return {
        "remaining": allocation.remaining,
        "rate": rate(allocation.spent, allocation.amount),
        "paid": counts.get(DisbursementStatus.PAID, 0),
        "reversed": counts.get(DisbursementStatus.REVERSED, 0),
    }


def disbursable_allocations(user):
    """Active allocations the user may pay from (their disbursement scope), for forms and the import."""
    return (
        Allocation.objects.visible_to(user, "funds.disburse_fund")
        .active()
        .select_related("fund__budget_line")
    )


def funds_with_figures(user):
    """Funds the user sees, annotated with scope_allocated and scope_spent: the sums of the active
    allocations in the user's scope (the whole fund for city-level users)."""
    mine = Allocation.objects.visible_to(user).active().filter(fund=OuterRef("pk")).order_by().values("fund")

    def total(column):
        sums = Subquery(
            mine.annotate(s=Sum(column)).values("s"),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
        return Coalesce(sums, Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2))

    return (
        Fund.objects.visible_to(user)
        .select_related("budget_line")
        .annotate(scope_allocated=total("amount"), scope_spent=total("spent"))
    )


def allocated_to(region_prefix: str, year: int | None = None) -> Decimal:
    """Money allocated (下达) to a region and everything under it, of a year when given: the cooperation's
    资金支持 figure (unscoped: the caller scopes the indicator)."""
    qs = Allocation.objects.in_region(region_prefix)
    if year:
        qs = qs.filter(allocated_on__year=year)
    return qs.aggregate(s=Sum("amount"))["s"] or ZERO


def paid_to_households(household_ids, *, lines=None, other_than=None) -> dict:
    """{household id: money paid} of the payments (支出, not reversed) to these households, from the budget
    lines `lines` when given, or from every line except `other_than`: what a supervision target's plan
    spent (the ledgers read it through `fupin.ledgers.payments`; the caller scoped the households)."""
    from fupin.funds.models import Disbursement

    qs = Disbursement.objects.filter(household_id__in=list(household_ids), status=DisbursementStatus.PAID)
    if lines is not None:
        qs = qs.filter(allocation__fund__budget_line__code__in=list(lines))
    if other_than:
        qs = qs.exclude(allocation__fund__budget_line__code__in=list(other_than))
    rows = qs.order_by().values_list("household_id").annotate(s=Sum("amount"))
    return {household_id: total or ZERO for household_id, total in rows}


def payments_to_household(household_id) -> list[dict]:
    """The payments to one household, newest first, each with its budget line's label (the caller scoped
    the household)."""
    from fupin.funds.models import Disbursement

    qs = (
        Disbursement.objects.filter(household_id=household_id)
        .select_related("allocation__fund__budget_line")
        .order_by("-paid_on", "-id")
    )
    return [
        {
            "paid_on": d.paid_on,
            "amount": d.amount,
            "line": d.allocation.fund.budget_line.code,
            "line_label": d.allocation.fund.budget_line.label,
            "voucher": d.voucher_number,
            "purpose": d.purpose,
            "reversed": d.status == DisbursementStatus.REVERSED,
        }
        for d in qs
    ]
