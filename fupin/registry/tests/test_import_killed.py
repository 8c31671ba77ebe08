"""An import process killed (SIGKILL) at a random point leaves the database exactly as before; the next
start (`recover_jobs`) marks its job failed; running the import again succeeds."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fupin.registry.tests.import_files import household_rows, write_csv

ROOT = Path(__file__).resolve().parents[3]
SETUP = """
from fupin.regions.models import Region
Region.objects.get_or_create(code="440000000000", defaults={"name": "广东省", "level": 1})
Region.objects.get_or_create(code="440700000000", defaults={"name": "江门市", "level": 2, "parent_id": "440000000000"})
Region.objects.get_or_create(code="440703000000", defaults={"name": "蓬江区", "level": 3, "parent_id": "440700000000"})
Region.objects.get_or_create(code="440703101000", defaults={"name": "棠下镇", "level": 4, "parent_id": "440703000000"})
Region.objects.get_or_create(code="440703101201", defaults={"name": "测试一村", "level": 5, "parent_id": "440703101000"})
"""
KILLED_HOUSEHOLDS = 15000
TABLES = ["registry_household", "registry_member", "audit_auditentry"]


def manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


def snapshot(db):
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES}


def job_rows(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, status, message FROM jobs_job ORDER BY id").fetchall()


def progress_message(var, job_id):
    try:
        return json.loads((var / "jobs" / f"{job_id}.progress.json").read_text())["message"]
    except (FileNotFoundError, ValueError, KeyError):
        return ""


@pytest.mark.django_db(transaction=True)
def test_import_killed_at_a_random_point_leaves_the_database_as_before(tmp_path):
    seed = int(os.environ.get("KILL_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    db, var = tmp_path / "kill.sqlite3", tmp_path / "var"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "FUPIN_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "shell", "-c", SETUP)
    existing = household_rows(50, 2, prefix="E")
    first = write_csv(tmp_path / "first.csv", existing)
    manage(env, "import_households", str(first))  # the database already holds some registry rows
    # Big enough that the writing phase outlasts the random delay below: a kill after the commit would
    # find the import complete, not the database as before.
    rows = household_rows(KILLED_HOUSEHOLDS, 3, prefix="K")
    changed = [list(row) for row in existing]
    for row in rng.sample(changed, 20):  # the big file also updates some of them
        row[5] += "新"
    path = write_csv(tmp_path / "big.csv", [*changed, *rows])
    before = snapshot(db)
    target = rng.choice(["正在读取文件", "正在核对", "正在写入"])

    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_households", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    job_id = None
    while time.monotonic() < deadline and process.poll() is None:
        jobs = job_rows(db)
        job_id = jobs[-1][0] if len(jobs) > 1 else None
        if job_id and target in progress_message(var, job_id):
            break
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.1))
    assert process.poll() is None, f"the import ended before the kill (seed {seed}, phase {target})"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    assert snapshot(db) == before, f"seed {seed}, killed while {target}"
    assert job_rows(db)[-1][1] == "running"
    manage(env, "recover_jobs")
    assert job_rows(db)[-1][1] == "failed"
    again = manage(env, "import_households", str(path), "--json", check=False)
    assert again.returncode == 0, again.stderr
    result = json.loads(again.stdout)
    assert result["households"] == {"created": KILLED_HOUSEHOLDS, "updated": 0, "unchanged": 50}
    assert result["members"] == {"created": 3 * KILLED_HOUSEHOLDS, "updated": 20, "unchanged": 80}
