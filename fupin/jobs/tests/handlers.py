"""Job handlers used by the tests (named by dotted path in Job.handler)."""

import time

from django.db import transaction

from fupin.jobs.progress import cancel_path
from fupin.regions.models import Region


def counts_to_three(job, reporter):
    for n in range(1, 4):
        reporter.progress(n, 3, f"step {n}", force=True)
    return {"counted": 3, "param": job.params.get("x")}


def fails(job, reporter):
    reporter.progress(1, 10, "halfway", force=True)
    raise RuntimeError("boom")


def writes_then_gets_cancelled(job, reporter):
    with transaction.atomic():
        Region.objects.create(code="449900000000", name="不该留下", level=2)
        cancel_path(job.pk).touch()  # someone pressed cancel meanwhile
        reporter.progress(1, 2, "writing", force=True)
    return {}


def sleeps(job, reporter):
    """Slow work for the worker tests: a step a tenth of a second, `seconds` long."""
    steps = int(job.params.get("seconds", 1) * 10)
    for n in range(steps):
        reporter.progress(n, steps, "sleeping", force=True)
        time.sleep(0.1)
    return {"slept": job.params.get("seconds", 1)}
