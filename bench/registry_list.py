"""The household list and the home page at scale: 400,000 households (~1.2M members) built by the demo
generator, then p50/p95 of the pages for a city user and a town user: first pages, a town filter, search by
name and by a resident-ID fragment, sorting by a column without an index (goal: p95 < 150 ms on SQLite).

    .venv/bin/python bench/registry_list.py                     # SQLite in bench/out/registry_list.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_registry .venv/bin/python bench/registry_list.py
    .venv/bin/python bench/registry_list.py --households 20000 --requests 20    # a quick run
    .venv/bin/python bench/registry_list.py --explain           # also print the slowest query and its plan

The data set is built once (manage.py demo's generator, registry only) and reused by later runs while it
holds `--households` households; with another count the database is emptied and built again at that size.
Timings are of the whole page through the Django test client: middleware, session, scope, queries, template.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
OUT.mkdir(exist_ok=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'registry_list.sqlite3'}")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("FUPIN_DATA_KEY", "YmVuY2gtb25seS1kYXRhLWtleS1ub3Qtc2VjcmV0ISE=")  # bench-only keys
os.environ.setdefault("FUPIN_INDEX_KEY", "YmVuY2gtb25seS1pbmRleC1rZXktbm90LXNlY3JldCE=")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("STATIC_ROOT", "/tmp/fupin-rush/static")  # pages name hashed static files (DEBUG off)

import django  # noqa: E402
from common import collect_static  # noqa: E402

collect_static()
django.setup()

from urllib.parse import urlencode  # noqa: E402

from common import load_line, percentile, signed_in, verdict  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fupin.accounts.models import User  # noqa: E402
from fupin.registry import tally  # noqa: E402
from fupin.registry.demo import build_demo_dataset  # noqa: E402
from fupin.registry.filters import FULL_ID  # noqa: E402
from fupin.registry.models import Household, HouseholdTally, Member  # noqa: E402

GOAL_MS = 150


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_dataset(households: int, seed: int):
    existing = Household.objects.count()
    if existing and existing != households:
        log(f"the database holds {existing:,} households, not {households:,}: building it again")
        recreate_database()
        existing = 0
    if existing:
        log(f"reusing the data set: {existing:,} households, {Member.objects.count():,} members")
        if not HouseholdTally.objects.exists():  # a data set built before the tally existed
            started = time.perf_counter()
            rows = tally.rebuild()
            log(f"rebuilt the household tally: {rows:,} rows in {time.perf_counter() - started:.1f} s")
        return
    log(f"building {households:,} households with the demo generator (registry only)")
    build_demo_dataset(households=households, seed=seed, apps=[], log=log)
    log("ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def recreate_database():
    """An empty, migrated bench database: the SQLite file removed, or the PostgreSQL database recreated."""
    settings = connection.settings_dict
    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(settings["NAME"]) + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        server = psycopg.connect(
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        with server:
            server.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    call_command("migrate", verbosity=0)


def search_terms(town: str) -> tuple[str, str, str]:
    """A member's full name in the town, and the last six and four characters of a resident ID there (the
    fragments the search supports: docs/performance.md, "Registry search")."""
    member = (
        Member.objects.filter(region_code__range=(town[:9] + "000", town[:9] + "999")).order_by("pk").first()
    )
    return member.name, member.id_number[-6:], member.id_number[-4:]


def client_for(username: str):
    return signed_in(User.objects.get(username=username))


def measure(client, url: str, n: int) -> dict:
    for _ in range(3):  # warm the caches and the session
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "cpu50": statistics.median(cpu),
        "cpu95": percentile(cpu, 95),
        "queries": len(queries.captured_queries),
        "slowest": slowest,
    }


def explain(sql: str) -> str:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join("    " + " ".join(str(c) for c in row) for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=400_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--explain", action="store_true", help="print the slowest query of each page and its plan"
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    ensure_dataset(args.households, args.seed)

    town = User.objects.get(username="demo_town").role_assignments.get().region_id
    busiest = (
        Household.objects.in_region("4407")
        .values("region__parent_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["region__parent_id"]
    )
    city, town_user = client_for("demo_city"), client_for("demo_town")
    name, fragment, tail4 = search_terms(town)
    cases = [
        ("household list, first page", "city", city, "/households/"),
        ("household list, first page", "town", town_user, "/households/"),
        ("household list sorted by region (index order)", "city", city, "/households/?sort=region"),
        ("sorted by income", "city", city, "/households/?sort=-income"),
        ("sorted by income", "town", town_user, "/households/?sort=-income"),
        ("sorted by year identified", "city", city, "/households/?sort=year_identified"),
        ("sorted by poverty status", "city", city, "/households/?sort=status"),
        (f"list filtered by a town ({town})", "city", city, f"/households/?region={town}"),
        (f"list filtered by the busiest town ({busiest})", "city", city, f"/households/?region={busiest}"),
        (f"list filtered by a town ({town})", "town", town_user, f"/households/?region={town}"),
        ("search by a full name", "city", city, f"/households/?{urlencode({'q': name})}"),
        ("search by a full name", "town", town_user, f"/households/?{urlencode({'q': name})}"),
        ("search by a surname", "city", city, f"/households/?{urlencode({'q': name[0]})}"),
        ("search by an ID's last 6 characters", "city", city, f"/households/?q={fragment}"),
        ("search by an ID's last 6 characters", "town", town_user, f"/households/?q={fragment}"),
        ("search by an ID's last 4 characters", "city", city, f"/households/?q={tail4}"),
        ("home page (counts)", "city", city, "/"),
        ("home page (counts)", "town", town_user, "/"),
        ("region tree (city: counties)", "city", city, "/regions/"),
        ("region tree (a county: towns)", "city", city, f"/regions/{town[:6]}000000/"),
        ("region tree (town: villages)", "town", town_user, "/regions/"),
    ]
    for who, term in [
        ("city", name),
        ("town", name),
        ("city", name[0]),
        ("city", fragment),
        ("town", fragment),
        ("city", tail4),
    ]:
        user = User.objects.get(username=f"demo_{who}")
        found = (
            Household.objects.visible_to(user).search(term, id_prefixes=user.prefixes_for(FULL_ID)).count()
        )
        log(f"search {term!r} [{who}] finds {found:,} households")
    log(
        f"{connection.vendor}: {Household.objects.count():,} households, {Member.objects.count():,} members; "
        f"{args.requests} requests per row"
    )
    rows = []
    for page, who, client, url in cases:
        result = measure(client, url, args.requests)
        rows.append((page, who, result))
        log(
            f"{page} [{who}]: p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms "
            f"(CPU p50 {result['cpu50']:.1f} ms, p95 {result['cpu95']:.1f} ms)"
        )

    width = max(len(page) for page, _who, _r in rows)
    print()
    print(f"{load_line()}; wall times include waiting for a CPU, CPU times do not")
    print(
        f"{'page':<{width}}  {'user':<5}  {'p50 ms':>7}  {'p95 ms':>7}  {'CPU p50':>7}  {'CPU p95':>7}  "
        f"{'queries':>7}"
    )
    for page, who, r in rows:
        print(
            f"{page:<{width}}  {who:<5}  {r['p50']:7.1f}  {r['p95']:7.1f}  {r['cpu50']:7.1f}  {r['cpu95']:7.1f}  "
            f"{r['queries']:7d}"
        )
    print(f"goals (p95 < {GOAL_MS} ms of the whole page, wall; CPU p95 beside):")
    for page, who, r in rows:
        verdict(
            f"{page} [{who}]",
            r["p95"] < GOAL_MS,
            f"p95 {r['p95']:.1f} ms, CPU p95 {r['cpu95']:.1f} ms",
        )
    if args.explain:
        for page, who, r in rows:
            if r["slowest"]:
                print(
                    f"\n{page} [{who}]: slowest query {float(r['slowest']['time']) * 1000:.1f} ms\n"
                    f"  {r['slowest']['sql']}\n{explain(r['slowest']['sql'])}"
                )


if __name__ == "__main__":
    main()
