"""Matching at scale: 100,000 seeking laborers and 20,000 vacancies with 1–20 seats (about 20 compatible
posts per laborer), then, each in a fresh process so that peak memory is its own:

  1. Fupin's matching end to end: services.run_matching (read, score, solve, store the proposals);
  2. the bare OR-Tools min-cost flow on the same scored edges;
  3. a greedy baseline (best pair first) on the same edges.

    .venv/bin/python bench/matching.py                      # SQLite in /tmp/fupin_bench_matching.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fupin_bench_matching .venv/bin/python bench/matching.py
    .venv/bin/python bench/matching.py --laborers 10000 --vacancies 2000    # a quick run

The data is built once (bulk_create) and reused while the counts match. Goals (issue 6): the objective
equals the optimum; end to end within 3x the bare solve and under 2 GiB.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/fupin_bench_matching.sqlite3")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("FUPIN_DATA_KEY", "YmVuY2gtb25seS1kYXRhLWtleS1ub3Qtc2VjcmV0ISE=")  # bench-only keys
os.environ.setdefault("FUPIN_INDEX_KEY", "YmVuY2gtb25seS1pbmRleC1rZXktbm90LXNlY3JldCE=")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from fupin.accounts.models import RoleAssignment, User  # noqa: E402
from fupin.accounts.roles import Role  # noqa: E402
from fupin.employment import matching, services  # noqa: E402
from fupin.employment.creditcode import make_credit_code  # noqa: E402
from fupin.employment.models import Enterprise, Laborer, MatchBatch, Vacancy  # noqa: E402
from fupin.regions.models import Region, RegionLevel  # noqa: E402
from fupin.registry.models import Household, Member  # noqa: E402

PROVINCE = "44"
TOWNS_PER_COUNTY = 6
SKILLS = ["电工", "焊工", "叉车", "缝纫", "厨师", "育婴", "保洁", "驾驶", "种植", "养殖", "装配", "营业员"]
INDUSTRIES = ["A", "C", "E", "G", "H", "O"]
BATCH = 10_000


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def town_codes(n_towns):
    """Synthetic towns: 6 per county, 9 counties per city, cities 4401.. (codes only need to be well formed)."""
    codes = []
    for i in range(n_towns):
        county, town = divmod(i, TOWNS_PER_COUNTY)
        city, county_in_city = divmod(county, 9)
        codes.append(f"{PROVINCE}{city + 1:02d}{county_in_city + 1:02d}{101 + town:03d}")
    return codes


def build(n_laborers, n_vacancies, rng):
    n_towns = max(1, n_vacancies // 20)
    towns = town_codes(n_towns)
    log(f"building {n_laborers} laborers and {n_vacancies} vacancies over {n_towns} towns")
    Region.objects.get_or_create(
        code="440000000000", defaults={"name": "广东省", "level": RegionLevel.PROVINCE}
    )
    Region.objects.bulk_create(
        [Region(code=t + "201", name=f"村{t}", level=RegionLevel.VILLAGE) for t in towns],
        ignore_conflicts=True,
    )
    per_town = n_laborers // n_towns
    households, members = [], []
    for t_i, town in enumerate(towns):
        for j in range(per_town):
            n = t_i * per_town + j
            households.append(
                Household(number=f"B{n:010d}", region_id=town + "201", main_cause="01", year_identified=2016)
            )
    Household.objects.bulk_create(households, batch_size=BATCH)
    ids = dict(Household.objects.values_list("number", "pk"))
    for h in households:
        n = int(h.number[1:])
        members.append(
            Member(
                household_id=ids[h.number],
                region_code=h.region_id,
                name=f"劳动力{n}",
                id_number=f"B{n:017d}",
                sex="1",
                birth_date=datetime.date(1985, 1, 1),
                relation="01",
                labor_ability="1",
            )
        )
    Member.objects.bulk_create(members, batch_size=BATCH)
    day = datetime.date(2020, 3, 1)
    laborers = [
        Laborer(
            member_id=m_pk,
            region_code=code,
            name=name,
            work_status="waiting",
            max_area="1" if rng.random() < 0.85 else "2",
            preferred_region_code=code[:6] + "000000" if rng.random() < 0.3 else "",
            desired_industries=",".join(rng.sample(INDUSTRIES, rng.randint(0, 2))),
            expected_wage=rng.choice([0, 2500, 3000, 3500, 4000, 4500]),
            skills=",".join(rng.sample(SKILLS, rng.randint(0, 3))),
            available_from=day + datetime.timedelta(days=rng.randint(-10, 30)),
        )
        for m_pk, code, name in Member.objects.order_by("pk").values_list("pk", "region_code", "name")
    ]
    Laborer.objects.bulk_create(laborers, batch_size=BATCH)
    enterprises = [
        Enterprise(
            name=f"企业{i}",
            credit_code=make_credit_code(f"91{towns[i % n_towns][:6]}{i:09d}"),
            region_code=towns[i % n_towns] + "000",
            industry=rng.choice(INDUSTRIES),
            poverty_related=True,
        )
        for i in range(n_vacancies // 4 or 1)
    ]
    Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    ents = list(Enterprise.objects.order_by("pk").values_list("pk", "region_code", "industry"))
    by_town = {}
    for pk, code, ind in ents:
        by_town.setdefault(code[:9], []).append((pk, ind))
    vacancies = []
    for i in range(n_vacancies):
        town = towns[i % n_towns]
        ent, ind = rng.choice(by_town[town])
        low = rng.choice([2500, 3000, 3500, 4000])
        urgent = rng.random() < 0.05
        vacancies.append(
            Vacancy(
                enterprise_id=ent,
                region_code=town + "000",
                post="普工",
                seats=rng.randint(1, 20),
                wage_min=low,
                wage_max=low + rng.choice([0, 500, 1000]),
                industry=ind,
                skills=",".join(rng.sample(SKILLS, rng.randint(0, 2))),
                start_date=day + datetime.timedelta(days=rng.randint(0, 30)),
                urgent=urgent,
                deadline_hours=24 if urgent else None,
                housing=rng.random() < 0.3,
            )
        )
    Vacancy.objects.bulk_create(vacancies, batch_size=BATCH)


def bench_user():
    user, _ = User.objects.get_or_create(username="bench-matching", defaults={"display_name": "bench"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.CITY_OFFICE, region_id="440000000000")
    return User.objects.get(pk=user.pk)


def phase_e2e():
    MatchBatch.objects.all().delete()
    user = bench_user()
    started = time.perf_counter()
    batch = services.run_matching(PROVINCE, by=user)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mib": rss_mib(),
        "objective": batch.objective,
        "proposals": batch.proposals,
        "edges": batch.edges,
        "laborers": batch.laborers,
        "vacancies": batch.vacancies,
        "seats": batch.seats,
    }


def scored_edges():
    laborers, vacancies, seats = services.matching_inputs(PROVINCE)
    return laborers, seats, matching.score_edges(laborers, vacancies)


def phase_bare():
    laborers, seats, edges = scored_edges()
    before = rss_mib()
    started = time.perf_counter()
    _, objective = matching.solve_flow(edges.laborer, edges.vacancy, edges.total, seats, len(laborers))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mib": rss_mib(),
        "solver_mib": rss_mib() - before,
        "objective": int(objective),
        "edges": len(edges),
    }


def phase_greedy():
    laborers, seats, edges = scored_edges()
    started = time.perf_counter()
    objective = matching.greedy(
        edges.laborer.tolist(), edges.vacancy.tolist(), edges.total, seats, len(laborers)
    )
    return {"seconds": time.perf_counter() - started, "objective": objective}


PHASES = {"e2e": phase_e2e, "bare": phase_bare, "greedy": phase_greedy}


def run_phase(name):
    env = dict(os.environ)
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--laborers", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--phase", choices=PHASES)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase]()))
        return
    call_command("migrate", verbosity=0)
    if Laborer.objects.count() != args.laborers or Vacancy.objects.count() != args.vacancies:
        for model in (MatchBatch, Vacancy, Enterprise, Laborer, Member, Household):
            model.objects.all().delete()
        started = time.perf_counter()
        build(args.laborers, args.vacancies, random.Random(args.seed))
        log(f"built in {time.perf_counter() - started:.1f} s")
    log(f"database: {connection.vendor}; machine: {os.cpu_count()} cores")
    e2e = run_phase("e2e")
    bare = run_phase("bare")
    greedy = run_phase("greedy")
    print(
        f"instance: {e2e['laborers']} laborers, {e2e['vacancies']} vacancies, {e2e['seats']} seats, "
        f"{e2e['edges']} compatible pairs ({e2e['edges'] / max(e2e['laborers'], 1):.1f} per laborer)"
    )
    print(
        f"Fupin end to end (read, score, solve, store {e2e['proposals']} proposals): {e2e['seconds']:.2f} s, "
        f"peak {e2e['peak_mib']:.0f} MiB, objective {e2e['objective']}"
    )
    print(
        f"bare OR-Tools min-cost flow on the same edges: {bare['seconds']:.2f} s, "
        f"+{bare['solver_mib']:.0f} MiB (process peak {bare['peak_mib']:.0f} MiB), objective {bare['objective']}"
    )
    gap = 100 * (bare["objective"] - greedy["objective"]) / bare["objective"] if bare["objective"] else 0
    print(
        f"greedy baseline: {greedy['seconds']:.2f} s, objective {greedy['objective']} ({gap:.2f}% below optimum)"
    )
    ratio = e2e["seconds"] / bare["seconds"] if bare["seconds"] else float("inf")
    goals = [
        ("objective equals the optimum", e2e["objective"] == bare["objective"]),
        (f"end to end within 3x the bare solve ({ratio:.1f}x)", ratio <= 3),
        ("end to end under 2 GiB", e2e["peak_mib"] < 2048),
    ]
    for text, ok in goals:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")


if __name__ == "__main__":
    main()
