"""Ledgers at scale: 400,000 households and 200,000 ledger items, then p50/p95 of the overdue list and the
board for the city and a town (goal: p95 < 200 ms on SQLite).

    .venv/bin/python bench/ledgers.py                        # SQLite in /tmp/fupin_bench_ledgers.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_ledgers .venv/bin/python bench/ledgers.py
    .venv/bin/python bench/ledgers.py --households 20000 --items 10000    # a quick run

Households and items are bulk inserted once and reused by later runs when the counts match. Timings are of
the whole page through the Django test client (middleware, scope, queries, template).
"""

import argparse
import datetime
import random
import sys

from common import build_households, build_villages, load_line, log, persona, setup, signed_in, timed, verdict

setup("sqlite:////tmp/fupin_bench_ledgers.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from fupin.accounts.roles import Role  # noqa: E402
from fupin.ledgers import tally  # noqa: E402
from fupin.ledgers.choices import Category, ItemStatus, LedgerKind, Priority  # noqa: E402
from fupin.ledgers.demo import UNITS  # noqa: E402
from fupin.ledgers.models import LedgerItem  # noqa: E402
from fupin.plan.queries import active_plan  # noqa: E402
from fupin.plan.services import load_plan  # noqa: E402
from fupin.registry.models import Household  # noqa: E402

GOAL_MS = 200


def build_items(n, today):
    log(f"ledger items: {n}")
    rng = random.Random(2020)
    households = list(Household.objects.values_list("pk", "region_id"))
    kinds = (
        [LedgerKind.PROBLEM] * 4
        + [LedgerKind.ASSISTANCE] * 3
        + [LedgerKind.PROGRESS] * 2
        + [LedgerKind.SUPERVISION]
    )
    statuses = (
        [ItemStatus.OPEN] * 2
        + [ItemStatus.IN_PROGRESS] * 4
        + [ItemStatus.CLOSE_REQUESTED]
        + [ItemStatus.CLOSED] * 4
    )
    now = timezone.now()
    batch = []
    for _ in range(n):
        hid, region = rng.choice(households)
        status = rng.choice(statuses)
        deadline = today + datetime.timedelta(days=rng.randint(-90, 60))
        batch.append(
            LedgerItem(
                kind=rng.choice(kinds),
                region_code=region,
                household_id=hid,
                category=rng.choice(Category.values),
                description="排查发现问题，需限期整改",
                lead_unit=rng.choice(UNITS),
                priority=rng.choice(Priority.values),
                deadline=deadline,
                status=status,
                closed_on=today if status == ItemStatus.CLOSED else None,
                village_person="陈书记",
                village_phone="13800000001",
                created_at=now,
                updated_at=now,
            )
        )
        if len(batch) == 20000:
            LedgerItem.objects.bulk_create(batch)
            batch = []
    if batch:
        LedgerItem.objects.bulk_create(batch)


def build(n_households, n_items, today):
    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("PRAGMA synchronous=OFF")
    if active_plan() is None:
        load_plan()
    existing = Household.objects.count()
    if existing != n_households:
        if existing:
            sys.exit(
                f"the bench database holds {existing} households; delete it or pass --households {existing}"
            )
        build_households(n_households, build_villages(n_households), prefix="L")
    existing = LedgerItem.objects.count()
    if existing != n_items:
        if existing:
            sys.exit(f"the bench database holds {existing} items; delete it or pass --items {existing}")
        build_items(n_items, today)
    log(f"ledger tally: {tally.rebuild()} rows")
    with connection.cursor() as c:
        # PostgreSQL: VACUUM sets the visibility map, so counts are index-only scans as they are once
        # autovacuum has passed over a bulk load in production.
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    connection.close()  # the build's synchronous=OFF stays behind: measuring starts with the deployed PRAGMAs


def measure(n):
    village = LedgerItem.objects.order_by("region_code").values_list("region_code", flat=True).first()
    users = {
        "city": persona("bench_city", Role.CITY_OFFICE, "440700000000"),
        "town": persona("bench_town", Role.TOWN_GROUP, village[:9] + "000"),
    }
    clients = {key: signed_in(user) for key, user in users.items()}

    def page(key, url, params=None):
        def run():
            response = clients[key].get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)

        return run

    cases = [
        (
            "city overdue list (/ledgers/items/?overdue=true)",
            page("city", "/ledgers/items/", {"overdue": "true"}),
        ),
        ("town overdue list", page("town", "/ledgers/items/", {"overdue": "true"})),
        ("city board (/ledgers/)", page("city", "/ledgers/")),
        ("town board", page("town", "/ledgers/")),
        ("city overdue by region and unit (/ledgers/overdue/)", page("city", "/ledgers/overdue/")),
        ("town inbox (/ledgers/inbox/)", page("town", "/ledgers/inbox/")),
    ]
    print(
        f"\n{connection.vendor}: {Household.objects.count():,} households, {LedgerItem.objects.count():,} items"
    )
    print(load_line())
    print(f"{'page':55} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8}")
    figures = {}
    for label, fn in cases:
        figures[label] = p50, p95, c50, c95 = timed(fn, n)
        print(f"{label:55} {p50:8.1f} {p95:8.1f} {c50:8.1f} {c95:8.1f}", flush=True)
    print(f"goals (p95 < {GOAL_MS} ms of the whole page, wall; CPU p95 beside):")
    for label, (_p50, p95, _c50, c95) in figures.items():
        verdict(label, p95 < GOAL_MS, f"p95 {p95:.1f} ms, CPU p95 {c95:.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=400_000)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    build(args.households, args.items, timezone.localdate())
    measure(args.runs)


if __name__ == "__main__":
    main()
