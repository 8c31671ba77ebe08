"""The monitoring at scale: every risk rule over 400,000 households as one job (goal < 60 s on SQLite),
then the early-warning board at city scope, page and API, read from the maintained tally (goal p95 < 200 ms).

    .venv/bin/python bench/monitoring.py                        # SQLite in bench/out/monitoring.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_monitoring .venv/bin/python bench/monitoring.py
    .venv/bin/python bench/monitoring.py --households 20000 --requests 20     # a quick run

Households are built in bulk under Jiangmen's towns (bench/common.py) with incomes spread so that about
one in ten is under the monitoring line; the run's signals are then put through the procedure in bulk
(a share at each step, confirmed, cleared) so that the board counts a realistic mix. Those bulk rows are
counted into the tally by its rebuild (as `manage.py rebuild_monitoring_tally` does), checked against a
recount, and the board is timed from it.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("STATIC_ROOT", "/tmp/fupin-rush/static")  # pages name hashed static files (DEBUG off)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from common import (
    ROOT,
    build_households,
    build_villages,
    collect_static,
    load_line,
    log,
    persona,
    setup,
    signed_in,
    timed,
    verdict,
)

setup(f"sqlite:///{ROOT / 'bench' / 'out' / 'monitoring.sqlite3'}")
collect_static()  # with the environment setup() gave

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from fupin.accounts.roles import Role  # noqa: E402
from fupin.jobs import runner  # noqa: E402
from fupin.jobs import services as job_services  # noqa: E402
from fupin.jobs.models import Job  # noqa: E402
from fupin.monitoring import tally  # noqa: E402
from fupin.monitoring.choices import CaseStep, Outcome  # noqa: E402
from fupin.monitoring.jobs import HANDLER, KIND  # noqa: E402
from fupin.monitoring.models import CaseEvent, MonitoringCase, Signal  # noqa: E402
from fupin.registry.models import Household  # noqa: E402

RULES_GOAL_S, BOARD_GOAL_MS = 60, 200
STEPS = [
    (CaseStep.VILLAGE, Outcome.PENDING),
    (CaseStep.TOWN, Outcome.PENDING),
    (CaseStep.COUNTY, Outcome.PENDING),
    (CaseStep.DONE, Outcome.CONFIRMED),
    (CaseStep.DONE, Outcome.CONFIRMED),
    (CaseStep.DONE, Outcome.REJECTED),
]


def ensure_households(n):
    existing = Household.objects.count()
    if existing >= n:
        log(f"reusing {existing:,} households")
        return
    villages = build_villages(n)
    build_households(n - existing, villages, prefix=f"M{existing}-")
    with connection.cursor() as cursor:  # incomes from 5,000 to 14,900: one in ten under 6,000
        cursor.execute("UPDATE registry_household SET income_per_capita = 5000 + (id % 100) * 100")
        cursor.execute("ANALYZE")


def run_rules_job(user):
    CaseEvent.objects.all().delete()
    Signal.objects.all().delete()
    MonitoringCase.objects.all().delete()
    job = job_services.create_job(by=user, kind=KIND, handler=HANDLER, params={"prefix": ""})
    started = time.perf_counter()
    runner.submit(job, inline=True)
    seconds = time.perf_counter() - started
    job = Job.objects.get(pk=job.pk)
    log(f"job {job.pk} {job.status}: {job.result} in {seconds:.1f} s")
    return seconds, job


def build_cases():
    """A case for two signals in three, spread over the steps, for the board to count."""
    today = datetime.date.today()
    cases = []
    for i, (household_id, region_code) in enumerate(
        Signal.objects.values_list("household_id", "region_code")
    ):
        if i % 3 == 2:
            continue
        step, outcome = STEPS[i % len(STEPS)]
        cases.append(
            MonitoringCase(
                household_id=household_id,
                region_code=region_code,
                kind="1",
                risk_type="other",
                step=step,
                outcome=outcome,
                opened_on=today,
                step_started_on=today,
                step_deadline=None if step == CaseStep.DONE else today + datetime.timedelta(days=i % 9 - 3),
                due_on=today,
                monitored=outcome == Outcome.CONFIRMED,
            )
        )
    MonitoringCase.objects.bulk_create(cases, batch_size=5000)
    log(f"cases: {len(cases):,}")


def rebuild_tally():
    """The bulk rows above bypassed the services: recount the tally once and check it against a recount."""
    started = time.perf_counter()
    rows = tally.rebuild()
    seconds = time.perf_counter() - started
    assert tally.current() == tally.recount(), "the monitoring tally differs from a recount"
    log(f"tally: {rows:,} rows rebuilt in {seconds:.1f} s, equal to a recount")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=400_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ensure_households(args.households)
    city = persona("bench_monitoring_city", Role.CITY_OFFICE, "440700000000")
    log(load_line())
    seconds, job = run_rules_job(city)
    build_cases()
    tally_rows = rebuild_tally()
    client = signed_in(city)
    figures = {}
    for name, url in (("page", "/monitoring/"), ("API", "/api/v1/monitoring/board/")):
        assert client.get(url).status_code == 200, url
        p50, p95, cpu50, cpu95 = timed(lambda url=url: client.get(url), args.requests)
        figures[name] = p95
        log(
            f"board {name} (city, from the tally): p50 {p50:.0f} ms, p95 {p95:.0f} ms; "
            f"CPU p50 {cpu50:.0f} ms, p95 {cpu95:.0f} ms"
        )
    print(
        f"{connection.vendor}, {Household.objects.count():,} households, {job.result['signals']:,} signals, "
        f"{MonitoringCase.objects.count():,} cases, {tally_rows:,} tally rows"
    )
    verdict(
        f"all rules over the households as one job < {RULES_GOAL_S} s",
        seconds < RULES_GOAL_S,
        f"{seconds:.1f} s",
    )
    for name, p95 in figures.items():
        verdict(
            f"early-warning board {name} p95 < {BOARD_GOAL_MS} ms (city, tally)",
            p95 < BOARD_GOAL_MS,
            f"{p95:.0f} ms",
        )


if __name__ == "__main__":
    main()
