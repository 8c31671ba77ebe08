"""Demo data of the district ledger reports (R1.2): each district reported its assistance ledger to the city
every other Friday; the older reports were accepted, one was returned and reported again, the latest waits."""

import datetime

from django.utils import timezone

from fupin.ledgers.choices import LedgerKind
from fupin.ledgers.models import LedgerSubmission, LedgerSubmissionStatus
from fupin.ledgers.submission import figures_of
from fupin.regions.models import Region, RegionLevel

ROUNDS = 4


def build_submission_demo(rng, households, today) -> int:
    districts = sorted({code[:6] for _pk, code, *_rest in households})
    counties = Region.objects.filter(level=RegionLevel.COUNTY, code__in=[d.ljust(12, "0") for d in districts])
    friday = today - datetime.timedelta(days=(today.weekday() - 4) % 7)
    rows = []
    for county in counties:
        figures = figures_of(county.code, LedgerKind.ASSISTANCE, today)
        for n in range(ROUNDS):
            as_of = friday - datetime.timedelta(weeks=2 * (ROUNDS - 1 - n))
            latest = n == ROUNDS - 1
            returned = not latest and rng.random() < 0.15
            at = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(17)))
            rows.append(
                LedgerSubmission(
                    region_code=county.code,
                    kind=LedgerKind.ASSISTANCE,
                    as_of=as_of,
                    status=(
                        LedgerSubmissionStatus.SUBMITTED
                        if latest
                        else LedgerSubmissionStatus.RETURNED
                        if returned
                        else LedgerSubmissionStatus.ACCEPTED
                    ),
                    figures=figures,
                    note="按时报送" if not returned else "",
                    return_reason="部分事项缺少镇村责任人电话，请补充后重新报送" if returned else "",
                    submitted_at=at,
                    decided_at=None if latest else at + datetime.timedelta(days=1),
                )
            )
    LedgerSubmission.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
