"""The task worker as a real process: a worker killed mid-job (SIGKILL) never leaves its job running, and
the RQ backend on Redis runs jobs too (skipped where no Redis answers)."""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ENQUEUE = """
from fupin.jobs import runner, services
job = services.create_job(by=None, kind="test.sleep", handler="fupin.jobs.tests.handlers.sleeps", params={"seconds": %d})
runner.submit(job)
print(job.pk)
"""


def _env(tmp_path, **extra):
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "FUPIN_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TASKS_BACKEND": "database",
        **extra,
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated database file for the module (migrating takes a while); each test works on a copy."""
    folder = tmp_path_factory.mktemp("migrated")
    _manage(_env(folder), "migrate", "--no-input", "-v0")
    return folder / "worker.sqlite3"


def _enqueue(env, seconds):
    return int(_manage(env, "shell", "-c", ENQUEUE % seconds).stdout.split()[-1])


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


def _worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _query(tmp_path, sql, *params):
    with sqlite3.connect(tmp_path / "worker.sqlite3", timeout=20) as conn:
        return conn.execute(sql, params).fetchone()


def _wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
@pytest.mark.django_db
def test_a_worker_killed_mid_job_leaves_it_failed_once_a_worker_starts_again(tmp_path, migrated):
    env = _env(tmp_path)
    shutil.copy(migrated, tmp_path / "worker.sqlite3")
    job_id = _enqueue(env, 60)
    status = lambda: _query(tmp_path, "SELECT status, message, task_id FROM jobs_job WHERE id = ?", job_id)  # noqa: E731
    assert status()[0] == "queued"  # enqueuing ran nothing

    worker = _worker(env)
    try:
        assert _wait_for(lambda: status()[0] == "running"), "the worker never took the job"
        assert _wait_for(lambda: (tmp_path / "var" / "jobs" / f"{job_id}.alive").exists())
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        assert status()[0] == "running"  # nobody is left to say otherwise

        worker = _worker(env)
        assert _wait_for(lambda: status()[0] == "failed"), "the new worker did not recover the job"
    finally:
        _stop(worker)

    _, message, task_id = status()
    assert "进程已终止" in message
    task = _query(
        tmp_path,
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
        task_id.replace("-", ""),
    )
    assert task == ("FAILED",)  # the queue no longer counts it as running


def _redis_answers(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_the_rq_backend_on_redis_runs_a_job_in_its_worker(tmp_path, migrated):
    env = _env(tmp_path, TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/11")
    shutil.copy(migrated, tmp_path / "worker.sqlite3")

    job_id = _enqueue(env, 1)
    assert _query(tmp_path, "SELECT status FROM jobs_job WHERE id = ?", job_id) == ("queued",)
    _manage(env, "run_worker", "--batch")

    status, task_id = _query(tmp_path, "SELECT status, task_id FROM jobs_job WHERE id = ?", job_id)
    assert status == "succeeded"
    assert task_id
