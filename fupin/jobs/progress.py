"""Live progress, cancel requests and the heartbeat of a running job, kept beside the database.

A job that writes in one long transaction cannot publish progress through that transaction, and on
SQLite no other connection may write while it holds the write lock. So a running job writes its
progress to a small JSON file (replaced atomically), looks for a cancel flag file, and a thread of its
worker touches a heartbeat file; the job row gets the figures when the job ends. Pages read the file
while the job runs; the sweep takes a job whose heartbeat went silent as dead. On several hosts this
folder must be shared (docs/jobs.md).
"""

import json
import os
import threading
import time
from pathlib import Path

from django.conf import settings


class JobCancelled(Exception):
    """Raised inside a job when someone asked to cancel it; the runner rolls back and marks it cancelled."""


def job_dir() -> Path:
    path = Path(settings.VAR_DIR) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(job_id) -> Path:
    return job_dir() / f"{job_id}.progress.json"


def cancel_path(job_id) -> Path:
    return job_dir() / f"{job_id}.cancel"


def heartbeat_path(job_id) -> Path:
    return job_dir() / f"{job_id}.alive"


def heartbeat_age(job_id) -> float | None:
    """Seconds since the job's worker last said it was alive; None if it never did."""
    try:
        return time.time() - heartbeat_path(job_id).stat().st_mtime
    except FileNotFoundError:
        return None


class Heartbeat:
    """Touches the job's heartbeat file every `interval` seconds while the job runs (a context manager)."""

    def __init__(self, job_id, interval):
        self.path = heartbeat_path(job_id)
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self):
        self.path.touch()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.path.unlink(missing_ok=True)

    def _beat(self):
        while not self._stop.wait(self.interval):
            self.path.touch()


def read_progress(job_id) -> dict | None:
    try:
        return json.loads(progress_path(job_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def request_cancel_flag(job_id):
    cancel_path(job_id).touch()


def clear_files(job_id):
    for path in (progress_path(job_id), cancel_path(job_id), heartbeat_path(job_id)):
        path.unlink(missing_ok=True)


class JobReporter:
    """Handed to a job's handler: `progress(done, total, message)` publishes and checks for a cancel."""

    interval = 0.25

    def __init__(self, job_id):
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self.message = ""
        self._last = 0.0

    def progress(self, done, total=None, message=None, *, force=False):
        self.done = done
        if total is not None:
            self.total = total
        if message is not None:
            self.message = str(message)
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        self._write()
        self.check_cancelled()

    def check_cancelled(self):
        if self.job_id is not None and cancel_path(self.job_id).exists():
            raise JobCancelled

    def _write(self):
        if self.job_id is None:
            return
        path = progress_path(self.job_id)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(
            json.dumps({"done": self.done, "total": self.total, "message": self.message}, ensure_ascii=False),
            encoding="utf-8",
        )
        os.replace(tmp, path)


class NullReporter(JobReporter):
    """For running a handler outside any job (tests, scripts)."""

    def __init__(self):
        super().__init__(None)
