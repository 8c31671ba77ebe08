"""The Monday rush (issue 13): the hour before the weekly deadline, when every village of the province saves
about 20 household rows of the weekly grid and submits (about 110 saves a second), measured against the
served site: gunicorn with its workers and the task worker (`make serve`'s command, DEBUG off) on PostgreSQL
and on SQLite, driven by Locust headless over the loopback, for a bounded time.

    .venv/bin/python bench/rush.py                          # both databases, 5 minutes each
    .venv/bin/python bench/rush.py --db sqlite --minutes 1  # a short run
    .venv/bin/python bench/rush.py --profile-save 300       # CPU of the real HTMX row save, in process

Each Locust village cadre takes a village nobody has taken yet, signs in through the login form with the
password and the TOTP code of the account's django-otp device, opens the village's grid, saves each of its
households' rows through the grid's HTMX request (one request every `--pace` seconds, as a person types),
submits the week, signs out and takes the next village. Town users (signed in the same way) approve what
their villages submitted; the city office polls the weekly board. It prints requests, throughput and p50/p95
per request kind, failures, the server errors, and whether "database is locked" reached a user.

The data are built fresh for each run (villages under a few of Jiangmen's towns, households without
members, an open week): SQLite in /tmp/fupin-rush/rush.sqlite3, PostgreSQL in the database `fupin_rush`
(`RUSH_PG_URL` to change it). Requires locust (a dev dependency).
"""

import argparse
import csv
import hashlib
import hmac
import itertools
import json
import os
import re
import secrets
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import STATIC_ROOT, collect_static  # noqa: E402

WORK = Path(os.environ.get("RUSH_DIR", "/tmp/fupin-rush"))
PG_URL = os.environ.get("RUSH_PG_URL", "postgres://postgres@127.0.0.1:5432/fupin_rush")
PASSWORD = "Rush-Bench-2020"
CITY = "4407"
GOAL_SAVES, GOAL_P95_MS = 110, 300
# Bench-only keys (the data are sealed with them; nothing here is a secret).
KEYS = {
    "SECRET_KEY": "rush-bench-only-not-a-secret-0123456789-abcdefghijklmnop",
    "FUPIN_DATA_KEY": "cnVzaC1iZW5jaC1vbmx5LWRhdGEta2V5LTAxMjM0NTY=",
    "FUPIN_INDEX_KEY": "cnVzaC1iZW5jaC1vbmx5LWluZGV4LWtleS0wMTIzNDU=",
    "METRICS_TOKEN": "rush-bench-metrics",
}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def totp(hex_key, at=None):
    """The code the account's authenticator shows now (RFC 6238, as django-otp's TOTPDevice verifies it:
    30-second steps from t0 = 0, six digits, HMAC-SHA1)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


# -- the data (run with the served site's environment: `--prepare`) -----------------------------------------


def prepare(out: Path, villages: int, per_village: int, towns: int):
    """A fresh database with `villages` villages of `per_village` households under the first `towns` towns
    of the city, a cadre per village, a town user per town, a city user, and an open week."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fupin.accounts.models import RoleAssignment, User
    from fupin.accounts.roles import Role
    from fupin.regions.models import Region, RegionLevel
    from fupin.registry.models import Household
    from fupin.reports import services
    from fupin.reports.models import ReportPeriod, VillageReport

    recreate_database(connection)
    call_command("migrate", verbosity=0)
    now = timezone.now()
    town_rows = list(
        Region.objects.filter(level=RegionLevel.TOWN, code__startswith=CITY).order_by("code")[:towns]
    )
    per_town = -(-villages // len(town_rows))
    village_rows = [
        Region(
            code=f"{t.code[:9]}{500 + i:03d}",
            name=f"{t.name}压测{i + 1}村",
            level=RegionLevel.VILLAGE,
            parent=t,
        )
        for t in town_rows
        for i in range(per_town)
    ][:villages]
    with transaction.atomic():
        Region.objects.bulk_create(village_rows, batch_size=2000)
        Household.objects.bulk_create(
            [
                Household(
                    number=f"R{v.code}{i:03d}",
                    region_id=v.code,
                    main_cause="01",
                    year_identified=2016,
                    created_at=now,
                    updated_at=now,
                )
                for v in village_rows
                for i in range(per_village)
            ],
            batch_size=5000,
        )
        password = make_password(PASSWORD)  # one hash for every account: hashing is the sign-in's cost
        accounts = [("rush_city", Role.CITY_OFFICE, f"{CITY}00000000")]
        accounts += [(f"rush_t{t.code[:9]}", Role.TOWN_GROUP, t.code) for t in town_rows]
        accounts += [(f"rush_v{v.code}", Role.VILLAGE_CADRE, v.code) for v in village_rows]
        users = User.objects.bulk_create(
            [
                User(username=name, password=password, password_changed_at=now, display_name=name)
                for name, _role, _code in accounts
            ],
            batch_size=2000,
        )
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=user, role=role, region_id=code)
                for user, (_n, role, code) in zip(users, accounts, strict=True)
            ],
            batch_size=2000,
        )
        keys = {user.username: secrets.token_hex(20) for user in users}
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user=u, name="rush", key=keys[u.username], confirmed=True) for u in users],
            batch_size=2000,
        )
        monday, sunday = services.week_bounds(2020, 10)
        period = ReportPeriod.objects.create(
            iso_year=2020, iso_week=10, region_prefix=CITY, starts_on=monday, ends_on=sunday,
            due_at=now + timezone.timedelta(days=7),
        )  # fmt: skip
        services.create_village_reports(period)
    reports = dict(VillageReport.objects.filter(period=period).values_list("region_code", "pk"))
    households = {}
    for pk, code in Household.objects.order_by("pk").values_list("pk", "region_id"):
        households.setdefault(code, []).append(pk)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    data = {
        "period": period.pk,
        "city": {"user": "rush_city", "key": keys["rush_city"]},
        "towns": [{"user": f"rush_t{t.code[:9]}", "key": keys[f"rush_t{t.code[:9]}"]} for t in town_rows],
        "villages": [
            {
                "user": f"rush_v{v.code}",
                "key": keys[f"rush_v{v.code}"],
                "code": v.code,
                "town": f"rush_t{v.code[:9]}",
                "report": reports[v.code],
                "households": households[v.code],
            }
            for v in village_rows
        ],
    }
    (out / "accounts.json").write_text(json.dumps(data))
    log(
        f"{connection.vendor}: {len(village_rows)} villages × {per_village} households, {len(users)} accounts"
    )


def recreate_database(connection):
    settings = connection.settings_dict
    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(settings["NAME"]) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{settings["NAME"]}"')


# -- the served site --------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(db: str, out: Path, port: int, web_workers: int) -> dict:
    """`make serve`'s environment: DEBUG off, keys from the environment, plain http on the loopback."""
    skip = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "DJANGO_SETTINGS_MODULE", "PROMETHEUS_MULTIPROC_DIR"}
    return {
        **{k: v for k, v in os.environ.items() if k not in skip},
        **KEYS,
        "DEBUG": "0",
        "FUPIN_LOOPBACK_HTTP": "1",
        "DATABASE_URL": PG_URL if db == "postgres" else f"sqlite:///{out / 'rush.sqlite3'}",
        "FUPIN_VAR_DIR": str(out / "var"),
        "PROMETHEUS_MULTIPROC_DIR": str(out / "var" / "prometheus"),
        "STATIC_ROOT": str(STATIC_ROOT),  # collected once (bench/common.py)
        "WEB_CONCURRENCY": str(web_workers),
        "TASK_WORKERS": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "LOGIN_FAILURE_LIMIT": "1000",
    }


def start_server(env: dict, port: int, out: Path):
    """migrate, collectstatic (kept between runs), then `manage.py run_all --server gunicorn` as make serve
    does; returns the process (its own group) once /healthz answers."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    prometheus = Path(env["PROMETHEUS_MULTIPROC_DIR"])
    prometheus.mkdir(parents=True, exist_ok=True)
    for stale in prometheus.glob("*.db"):
        stale.unlink()
    collect_static(env)
    server = subprocess.Popen(
        [*manage, "run_all", "--server", "gunicorn", "--addr", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=(out / "server.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    sys.exit("the server did not answer /healthz:\n" + (out / "server.log").read_text()[-3000:])


def stop(server):
    try:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as make serve is stopped
        server.wait(timeout=60)
    except ProcessLookupError:
        pass


# -- one run ----------------------------------------------------------------------------------------------


def run(db: str, args) -> dict:
    out = WORK / db
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = server_env(db, out, port, args.web_workers)
    log(f"{db}: building the data ({args.villages} villages × {args.per_village} households)")
    subprocess.run(
        [sys.executable, __file__, "--prepare", str(out), "--villages", str(args.villages),
         "--per-village", str(args.per_village), "--towns", str(args.towns)],
        env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    server = start_server(env, port, out)
    log(
        f"{db}: serving on 127.0.0.1:{port} ({args.web_workers} gunicorn workers); Locust for {args.minutes} min"
    )
    users = args.users + 1 + len(json.loads((out / "accounts.json").read_text())["towns"])
    load_before = os.getloadavg()
    try:
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", __file__, "--headless", "--only-summary",
             "--host", f"http://127.0.0.1:{port}", "-u", str(users), "-r", str(args.spawn_rate),
             "-t", f"{int(args.minutes * 60)}s", "--stop-timeout", "10", "--csv", str(out / "locust"),
             "--loglevel", "WARNING"],
            env={**os.environ, "RUSH_ACCOUNTS": str(out / "accounts.json"), "RUSH_PACE": str(args.pace),
                 "RUSH_VILLAGE_USERS": str(args.users)},
            cwd=ROOT, check=False, stdout=(out / "locust.log").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
    finally:
        load_after = os.getloadavg()
        stop(server)
    return summarize(db, out, args.minutes * 60, load_before, load_after)


def summarize(db, out: Path, seconds, load_before, load_after) -> dict:
    rows = {}
    with (out / "locust_stats.csv").open() as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = row
    server_log = (out / "server.log").read_text(errors="replace")
    locked = server_log.count("database is locked") + server_log.count("database table is locked")
    errors_5xx = len(re.findall(r'" 5\d\d ', server_log))
    saves = rows.get("save row", {})
    result = {
        "db": db,
        "seconds": seconds,
        "rows": rows,
        "saves_per_s": int(saves.get("Request Count", 0) or 0) / seconds,
        "save_p95": float(saves.get("95%", 0) or 0),
        "failures": sum(int(r["Failure Count"]) for n, r in rows.items() if n != "Aggregated"),
        "locked": locked,
        "errors_5xx": errors_5xx,
        "load": (load_before, load_after),
    }
    print_result(result)
    return result


def print_result(r):
    print()
    print(
        f"{r['db']}: {r['seconds'] / 60:.1f} min; 2 cores shared; load average before "
        f"{' '.join(f'{x:.1f}' for x in r['load'][0])}, after {' '.join(f'{x:.1f}' for x in r['load'][1])}"
    )
    print(
        f"{'request':<18} {'count':>7} {'per s':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'failed':>6}"
    )
    for name, row in r["rows"].items():
        count = int(row["Request Count"])
        print(
            f"{name:<18} {count:7d} {count / r['seconds']:7.1f} {float(row['50%'] or 0):7.0f} "
            f"{float(row['95%'] or 0):7.0f} {float(row['Max Response Time'] or 0):7.0f} {row['Failure Count']:>6}"
        )
    print(f"server: {r['errors_5xx']} responses 5xx; 'database is locked' in the server log: {r['locked']}")
    met = r["saves_per_s"] >= GOAL_SAVES and r["save_p95"] < GOAL_P95_MS and r["failures"] == 0
    figure = f"{r['saves_per_s']:.1f} saves/s, p95 {r['save_p95']:.0f} ms, {r['failures']} failed"
    print(
        f"  goal: {'110 saves/s, p95 < 300 ms, no error (' + r['db'] + ')':<58} {'met' if met else 'NOT MET':>7}  ({figure})"
    )
    if r["db"] == "sqlite":
        ok = r["locked"] == 0 and r["errors_5xx"] == 0
        print(
            f"  goal: {'no database is locked reaching a user (sqlite)':<58} {'met' if ok else 'NOT MET':>7}"
        )


# -- the save's CPU, in process ---------------------------------------------------------------------------


def profile_save(n: int, show_profile: bool):
    """CPU p50/p95 of the real HTMX row save (the whole request: middleware, session, view, service,
    template), with DEBUG off, in this process over a small prepared SQLite database; --cprofile prints
    where the time goes."""
    out = WORK / "profile"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.update({**KEYS, "DEBUG": "0", "FUPIN_LOOPBACK_HTTP": "1", "FUPIN_VAR_DIR": str(out / "var")})
    os.environ["DATABASE_URL"] = f"sqlite:///{out / 'rush.sqlite3'}"
    os.environ["STATIC_ROOT"] = str(collect_static({"STATIC_ROOT": str(STATIC_ROOT)}))  # hashed names
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    prepare(out, villages=20, per_village=20, towns=2)
    sys.path.insert(0, str(ROOT / "bench"))
    from common import percentile, signed_in

    from fupin.accounts.models import User

    data = json.loads((out / "accounts.json").read_text())
    village = data["villages"][0]
    client = signed_in(User.objects.get(username=village["user"]))
    client.get(f"/reports/periods/{data['period']}/village/{village['code']}/")
    versions = {}
    counter = itertools.count()

    def save():
        household = village["households"][next(counter) % len(village["households"])]
        url = f"/reports/periods/{data['period']}/village/{village['code']}/{household}/save/"
        response = client.post(
            url,
            {"members_not_back": next(counter) % 3, "farming_disrupted": "1", "needs": ["1"],
             "version": versions.get(household, "")},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
        assert response.status_code == 200 and b"errorlist" not in response.content, response.content[:500]
        found = re.search(rb'name="version" value="(\d+)"', response.content)
        versions[household] = found.group(1).decode() if found else ""

    for _ in range(40):  # every household saved once: the rest are changes, as in the rush's later weeks
        save()
    cpu = []
    for _ in range(n):
        started = time.process_time()
        save()
        cpu.append((time.process_time() - started) * 1000)
    if show_profile:  # a run of its own: the profiler would double the CPU it measures
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            save()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(
            int(os.environ.get("RUSH_PROFILE_LINES", "40"))
        )
    p50, p95 = statistics.median(cpu), percentile(cpu, 95)
    print(
        f"the HTMX row save, whole request in process (DEBUG off, SQLite), {n} saves: CPU p50 {p50:.1f} ms, p95 {p95:.1f} ms"
        f" (load average {os.getloadavg()[0]:.1f})"
    )
    met = p50 < 10
    print(
        f"  goal: {'the real save request under 10 ms CPU (p50)':<58} {'met' if met else 'NOT MET':>7}  (p50 {p50:.1f} ms)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--villages", type=int, default=2400, help="villages (each one cadre's round)")
    parser.add_argument("--per-village", type=int, default=20)
    parser.add_argument("--towns", type=int, default=8)
    parser.add_argument("--users", type=int, default=130, help="village cadres working at once")
    parser.add_argument("--pace", type=float, default=1.0, help="seconds between one cadre's requests")
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--prepare", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--profile-save", type=int, metavar="N", help="CPU of N real saves, in process")
    parser.add_argument("--cprofile", action="store_true", help="with --profile-save: where the time goes")
    args = parser.parse_args()
    if args.prepare:
        return prepare(Path(args.prepare), args.villages, args.per_village, args.towns)
    if args.profile_save:
        return profile_save(args.profile_save, args.cprofile)
    results = [run(db, args) for db in (["postgres", "sqlite"] if args.db == "both" else [args.db])]
    print("\nsummary")
    for r in results:
        print_result(r)


# -- the Locust users (this file is also the locustfile: `locust -f bench/rush.py`, RUSH_ACCOUNTS set) ------

if os.environ.get("RUSH_ACCOUNTS"):
    from gevent.queue import Empty, Queue
    from locust import FastHttpUser, constant_pacing, task

    ACCOUNTS = json.loads(Path(os.environ["RUSH_ACCOUNTS"]).read_text())
    PACE = float(os.environ.get("RUSH_PACE", "1"))
    VILLAGES = iter(ACCOUNTS["villages"])
    TOWNS = iter(ACCOUNTS["towns"])
    SUBMITTED = {t["user"]: Queue() for t in ACCOUNTS["towns"]}
    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    HX_CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')

    def sign_in(client, username, key):
        """The login form (password), then the second factor (the device's current code)."""
        page = client.get("/accounts/login/", name="sign in")
        response = client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "username": username,
                "password": PASSWORD,
            },
            name="sign in",
        )
        if "/accounts/otp/verify/" in str(response.url):
            token = CSRF.search(response.text).group(1)
            response = client.post(
                "/accounts/otp/verify/",
                data={"csrfmiddlewaretoken": token, "code": totp(key)},
                name="sign in",
            )
        return "/accounts/" not in str(response.url)

    def post_ok(client, url, data, name, expect, **kwargs):
        with client.post(url, data=data, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200 or expect not in response.text:
                response.failure(f"{response.status_code}: {response.text[:200]!r}")
                return None
            return response

    class VillageCadre(FastHttpUser):
        """A village cadre: signs in, saves each household's row, submits the week, signs out; next village."""

        fixed_count = int(os.environ.get("RUSH_VILLAGE_USERS", "130"))
        wait_time = constant_pacing(PACE)

        def on_start(self):
            self.village, self.todo, self.token = None, [], ""

        @task
        def step(self):
            if self.village is None:
                self.village = next(VILLAGES, None)
                if self.village is None:
                    return  # every village done
                if not sign_in(self.client, self.village["user"], self.village["key"]):
                    self.village = None
                    return
                grid = self.client.get(
                    f"/reports/periods/{ACCOUNTS['period']}/village/{self.village['code']}/", name="grid page"
                )
                self.token = HX_CSRF.search(grid.text).group(1)
                self.todo = list(self.village["households"])
            elif self.todo:
                household = self.todo.pop()
                post_ok(
                    self.client,
                    f"/reports/periods/{ACCOUNTS['period']}/village/{self.village['code']}/{household}/save/",
                    {"members_not_back": household % 3, "members_wanting_work": household % 2, "version": ""},
                    "save row",
                    'class="done"',
                    headers={"HX-Request": "true", "X-CSRFToken": self.token},
                )
            else:
                village, self.village = self.village, None
                if post_ok(
                    self.client,
                    f"/reports/village-reports/{village['report']}/submit/",
                    {"csrfmiddlewaretoken": self.token},
                    "submit week",
                    "上报成功",
                ):
                    SUBMITTED[village["town"]].put(village["report"])
                self.client.post(
                    "/accounts/logout/", data={"csrfmiddlewaretoken": self.token}, name="sign out"
                )
                self.client.cookiejar.clear()

    class TownApprover(FastHttpUser):
        """A town group: approves each week its villages submit."""

        fixed_count = len(ACCOUNTS["towns"])
        wait_time = constant_pacing(PACE)

        def on_start(self):
            self.town = next(TOWNS)
            sign_in(self.client, self.town["user"], self.town["key"])
            page = self.client.get("/reports/", name="weekly board")
            found = HX_CSRF.search(page.text)
            self.token = found.group(1) if found else ""

        @task
        def approve(self):
            try:
                report = SUBMITTED[self.town["user"]].get(timeout=5)
            except Empty:
                return
            post_ok(
                self.client,
                f"/reports/village-reports/{report}/approve/",
                {"csrfmiddlewaretoken": self.token},
                "approve week",
                "审核通过成功",
            )

    class CityBoard(FastHttpUser):
        """The city office with the weekly board open, reloading it."""

        fixed_count = 1
        wait_time = constant_pacing(5)

        def on_start(self):
            sign_in(self.client, ACCOUNTS["city"]["user"], ACCOUNTS["city"]["key"])

        @task
        def board(self):
            self.client.get("/reports/", name="city board")


if __name__ == "__main__":
    main()
