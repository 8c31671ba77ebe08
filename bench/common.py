"""What the benchmarks share: Django set up as deployed on a bench database, a log line, villages and
households built in bulk under Jiangmen's towns, personas signed in with their second factor, p50 and true
(nearest-rank) p95 of wall and CPU time, the load average, and a goal's verdict."""

import hashlib
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITY = "4407"
# With DEBUG off the pages name hashed static files: what collectstatic wrote, shared by the benches and kept
# while no static source changes (collecting costs about a minute of CPU).
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/fupin-rush/static"))
STATIC_IGNORE = [
    "echarts.*.map",
    "echarts.js",
    "echarts.common*",
    "echarts.esm*",
    "echarts.simple*",
    "extension",
]


def setup(default_database_url):
    """Django with DEBUG off on the bench database (DATABASE_URL wins when given)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", default_database_url)
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("FUPIN_DATA_KEY", "YmVuY2gtb25seS1kYXRhLWtleS1ub3Qtc2VjcmV0ISE=")  # bench-only keys
    os.environ.setdefault("FUPIN_INDEX_KEY", "YmVuY2gtb25seS1pbmRleC1rZXktbm90LXNlY3JldCE=")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()


def static_fingerprint():
    """Names, sizes and times of the project's static sources and of the installed packages."""
    sources = [p for p in (ROOT / "fupin").rglob("*") if "static" in p.parts and p.is_file()]
    sources += [ROOT / ".venv" / ".installed", ROOT / "node_modules" / "echarts" / "dist" / "echarts.min.js"]
    listing = sorted(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources if p.exists())
    return hashlib.sha256("\n".join(listing).encode()).hexdigest()


def collect_static(env=None):
    """collectstatic (as `make serve` does) into the environment's STATIC_ROOT, or STATIC_ROOT here, unless
    the sources are those of the last time; returns the folder."""
    env = {**os.environ, **(env or {})}
    root = Path(env.get("STATIC_ROOT") or STATIC_ROOT)
    stamp, fingerprint = root / ".fingerprint", static_fingerprint()
    if not (stamp.exists() and stamp.read_text() == fingerprint):
        ignore = [arg for pattern in STATIC_IGNORE for arg in ("-i", pattern)]
        manage = [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v0", *ignore]
        subprocess.run(manage, env={**env, "STATIC_ROOT": str(root)}, check=True, cwd=ROOT)
        stamp.write_text(fingerprint)
    return root


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def build_villages(n_households, per_village=140):
    """Enough villages under the city's towns for `per_village` households each; returns their codes."""
    from fupin.regions.models import Region, RegionLevel

    towns = list(Region.objects.filter(level=RegionLevel.TOWN, code__startswith=CITY).order_by("code"))
    wanted = max(1, n_households // per_village)
    per_town = max(1, -(-wanted // len(towns)))
    villages = [
        Region(
            code=f"{t.code[:9]}{200 + i:03d}", name=f"{t.name}{i + 1}村", level=RegionLevel.VILLAGE, parent=t
        )
        for t in towns
        for i in range(per_town)
    ][:wanted]
    Region.objects.bulk_create(villages, ignore_conflicts=True, batch_size=2000)
    return [v.code for v in villages]


def build_households(n, villages, prefix):
    """`n` households spread over the villages (a few without safe water or with unsafe housing)."""
    from django.utils import timezone

    from fupin.registry.models import Household

    log(f"households: {n} over {len(villages)} villages")
    now = timezone.now()
    batch = []
    for i in range(n):
        batch.append(
            Household(
                number=f"{prefix}{i:010d}",
                region_id=villages[i % len(villages)],
                main_cause="01",
                year_identified=2016,
                water_safe=(i % 311 != 0),
                housing_grade="C" if i % 457 == 0 else "A",
                created_at=now,
                updated_at=now,
            )
        )
        if len(batch) == 20000:
            Household.objects.bulk_create(batch)
            batch = []
    if batch:
        Household.objects.bulk_create(batch)


def persona(username, role, region_code):
    from fupin.accounts.models import RoleAssignment, User

    user, created = User.objects.get_or_create(username=username)
    if created:
        RoleAssignment.objects.create(user=user, role=role, region_id=region_code)
    return user


def percentile(samples, q):
    """The nearest-rank q-th percentile: the smallest sample that at least q % of the samples do not exceed."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def signed_in(user):
    """A test client with the user's whole sign-in: the session, and the second factor given with the
    user's authenticator (its device stored in the session, as django_otp.login does after a code)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fupin.accounts.otp import install_demo_device

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or install_demo_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed(fn, n):
    """(p50, p95) of wall time and of this process's CPU time, in ms, after one warm-up call. On a shared
    machine the wall time includes waiting for a core; SQLite runs in-process, so its work is in the CPU."""
    fn()
    wall, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return (
        statistics.median(wall),
        percentile(wall, 95),
        statistics.median(cpu),
        percentile(cpu, 95),
    )


def load_line():
    """The machine's load beside wall figures: on a shared machine a wall time includes waiting for a core."""
    one, five, fifteen = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.1f} {five:.1f} {fifteen:.1f} (1, 5, 15 min)"


def verdict(goal, met, figure):
    """One goal, its verdict and the figure it was judged on, as every bench prints it."""
    line = f"  goal: {goal:<58} {'met' if met else 'NOT MET':>7}  ({figure})"
    print(line, flush=True)
    return met
