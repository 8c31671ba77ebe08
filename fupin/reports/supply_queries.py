"""Reads of the protective supplies (R1.5): priority needs still open, and the share of supplies that went
to the priority recipients (poverty-alleviation enterprises and poor households) by region."""

from collections import defaultdict

from django.db.models import Q

from fupin.core.regioncodes import code_range, full_code
from fupin.reports.choices import PRIORITY_RECIPIENTS, Need, RecipientKind
from fupin.reports.models import Assessment, ReportPeriod, SupplyAllocation

TOWN_DIGITS = 9
NEXT_DIGITS = {2: 4, 4: 6, 6: 9, 9: 12, 12: 12}


def latest_week_with_assessments(prefix):
    """The latest week that has assessments under the region (the needs households last stated)."""
    found = Assessment.objects.filter(region_code__range=code_range(prefix)).order_by("-period__starts_on")
    period_id = found.values_list("period_id", flat=True).first()
    return ReportPeriod.objects.filter(pk=period_id).first() if period_id else None


def open_priority_needs(region_code) -> int:
    """Poor households of the region's town that asked for protective supplies (需求: 防疫物资) in their latest
    week and have received none since that week began."""
    town = region_code[:TOWN_DIGITS]
    period = latest_week_with_assessments(town)
    if period is None:
        return 0
    served = SupplyAllocation.objects.filter(
        recipient_kind=RecipientKind.HOUSEHOLD,
        region_code__range=code_range(town),
        allocated_on__gte=period.starts_on,
    ).values("household_id")
    # Need codes are one character each, so "contains" finds the code in the comma-separated list.
    return (
        Assessment.objects.filter(period=period, region_code__range=code_range(town))
        .filter(needs__contains=Need.PROTECTIVE)
        .exclude(household_id__in=served)
        .count()
    )


def priority_shares(user, prefix) -> dict:
    """Per child region of `prefix` and in total: allocations and quantities to enterprises, households and
    villages, and the share (%) of allocations that went to the priority recipients."""
    digits = NEXT_DIGITS.get(len(prefix), 12)
    rows = defaultdict(lambda: defaultdict(int))
    qs = SupplyAllocation.objects.visible_to(user).filter(region_code__range=code_range(prefix))
    for code, kind, quantity in qs.values_list("region_code", "recipient_kind", "quantity"):
        for key in (code[:digits], "total"):
            rows[key][kind] += 1
            rows[key][f"{kind}_quantity"] += quantity
            rows[key]["all"] += 1
            if kind in PRIORITY_RECIPIENTS:
                rows[key]["priority"] += 1
    result = []
    for key, row in rows.items():
        row = dict(row)
        row["prefix"] = key
        row["code"] = full_code(key) if key != "total" else ""
        row["share"] = round(100 * row.get("priority", 0) / row["all"]) if row["all"] else 0
        result.append(row)
    total = next((r for r in result if r["prefix"] == "total"), None)
    children = sorted((r for r in result if r["prefix"] != "total"), key=lambda r: r["prefix"])
    return {"rows": children, "total": total}


def skipped_priority(user):
    """Allocations to villages made while priority needs were open (they carry a reason)."""
    return SupplyAllocation.objects.visible_to(user).filter(~Q(skip_reason=""))
