"""The daily resumption curve (R2.4): one row per region code and day, kept by the enterprise services.

A row holds the poverty-related enterprises registered at that exact region code and how many of them had
resumed at the end of that day. The rate on a day (the 2020-03-31 deadline, today) reads, per region code,
the latest row on or before that day, so a day without changes needs no row (fupin/employment/queries.py,
`resumption_on`). `rebuild_resumption_day` recounts a day from the enterprises (manage.py
rebuild_resumption_curve); a test checks the kept rows equal that recount.
"""

from django.db.models import Count, Q
from django.utils import timezone

from fupin.employment.choices import ResumptionStatus
from fupin.employment.models import Enterprise, ResumptionDay


def _counts(region_codes):
    rows = (
        Enterprise.objects.filter(poverty_related=True, region_code__in=region_codes)
        .order_by()
        .values("region_code")
        .annotate(total=Count("pk"), resumed=Count("pk", filter=Q(resumption=ResumptionStatus.RESUMED)))
    )
    found = {r["region_code"]: (r["total"], r["resumed"]) for r in rows}
    return {code: found.get(code, (0, 0)) for code in region_codes}


def tally_resumption(region_codes, on=None) -> None:
    """Bring the rows of these region codes for the day `on` (today) up to date; called inside the service's
    transaction after every change of an enterprise."""
    on = on or timezone.localdate()
    for code, (total, resumed) in _counts(sorted(set(region_codes))).items():
        ResumptionDay.objects.update_or_create(
            region_code=code, on=on, defaults={"total": total, "resumed": resumed}
        )


def rebuild_resumption_day(on=None) -> int:
    """Recount the day's rows of every region code that has (or had) poverty-related enterprises."""
    codes = set(Enterprise.objects.filter(poverty_related=True).values_list("region_code", flat=True))
    codes |= set(ResumptionDay.objects.values_list("region_code", flat=True).distinct())
    tally_resumption(codes, on)
    return len(codes)
