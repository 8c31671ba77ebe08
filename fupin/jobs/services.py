"""Writing jobs: create, start, finish, cancel, and recover the ones a dead worker left running."""

import os
import socket
import time

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import record
from fupin.core.errors import DomainError, OutOfScope
from fupin.jobs import progress
from fupin.jobs.models import FINISHED, Job, JobStatus

HOST = socket.gethostname()[:128]


def create_job(*, by, kind, handler, params=None, region_code="", message="") -> Job:
    """A queued job; `submit` in fupin.jobs.runner puts it on the task queue."""
    return Job.objects.create(
        kind=kind,
        handler=handler,
        params=params or {},
        user=by if getattr(by, "pk", None) else None,
        region_code=region_code,
        message=message,
    )


LOCK_RETRIES = 40  # about 20 s in all: longer than any write transaction a page makes


def retry_when_locked(write):
    """Run `write()`, again after a pause while SQLite answers "locked" (a table lock of the shared cache,
    or a writer holding the database past the busy timeout): a job's bookkeeping must never be lost to a
    lock, which would leave it queued or running for ever. Any other error goes up at once."""
    for attempt in range(LOCK_RETRIES):
        try:
            return write()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(min(0.05 * (attempt + 1), 1.0))


def set_task_id(job_id, task_id):
    """Point the job at the queue's task that runs it (the task may already have run: the immediate backend)."""
    retry_when_locked(lambda: Job.objects.filter(pk=job_id).update(task_id=str(task_id)[:64]))


def start_job(job_id) -> bool:
    """Mark a queued job running in this process; False if it was cancelled or taken meanwhile."""
    return bool(
        retry_when_locked(
            lambda: Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
                status=JobStatus.RUNNING, started_at=timezone.now(), worker_pid=os.getpid(), worker_host=HOST
            )
        )
    )


def _finish_fields(status, result, message, done, total) -> dict:
    fields = {"status": status, "finished_at": timezone.now(), "message": message}
    if result is not None:
        fields["result"] = result
    if done is not None:
        fields["done"] = done
    if total is not None:
        fields["total"] = total
    return fields


def finish_job(job_id, *, status, result=None, message="", done=None, total=None):
    fields = _finish_fields(status, result, message, done, total)
    retry_when_locked(lambda: Job.objects.filter(pk=job_id).update(**fields))
    progress.clear_files(job_id)


def cancel_job(job, *, by):
    """A queued job is cancelled at once; a running one is asked to stop and rolls its work back.

    The stop request is a flag file written before any transaction: on SQLite a running job holds the
    write lock, and a cancel that waited for it would arrive only after the job had finished. The
    runner records the cancellation of a running job when it stops.
    """
    if job.user_id != getattr(by, "pk", None):
        raise OutOfScope
    if job.status in FINISHED:
        raise DomainError(_("任务已结束，无法取消。"))
    progress.request_cancel_flag(job.pk)
    if job.status == JobStatus.QUEUED:
        with transaction.atomic():
            updated = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
                status=JobStatus.CANCELLED, finished_at=timezone.now(), message=_("已取消")
            )
            if updated:
                record("jobs.job.cancelled", by=by, target=job, region_code=job.region_code, note=job.kind)


def record_cancelled(job_id):
    """Audit the stop of a running job on behalf of its owner (the only one who may cancel it)."""
    job = Job.objects.select_related("user").get(pk=job_id)
    record("jobs.job.cancelled", by=job.user, target=job, region_code=job.region_code, note=job.kind)


def pid_alive(pid) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_orphaned(job) -> bool:
    """Running, but its worker is gone: its process died on this host, or its heartbeat (any host) went
    silent for longer than the lease."""
    if job.status != JobStatus.RUNNING:
        return False
    if job.worker_host == HOST and job.worker_pid != os.getpid() and not pid_alive(job.worker_pid):
        return True
    age = progress.heartbeat_age(job.pk)
    if age is None:  # never beat: give a worker that just started the same lease
        started = job.started_at or job.created_at
        age = (timezone.now() - started).total_seconds()
    return age > settings.JOBS_LEASE_SECONDS


def recover_dead_jobs() -> list[int]:
    """Mark jobs left running by a dead worker as failed; their transaction was rolled back by the database.
    The queue's own record of the task is closed too, so the queue does not count it as running."""
    recovered = []
    for job in Job.objects.running():
        if is_orphaned(job) and retry_when_locked(lambda job=job: _fail_orphan(job)):
            progress.clear_files(job.pk)
            recovered.append(job.pk)
    return recovered


def _fail_orphan(job) -> bool:
    """One transaction: the job's row, the queue's record and the audit entry change together, so nobody
    sees the job failed while the queue still counts its task as running. False if another sweep got it."""
    state = progress.read_progress(job.pk) or {}
    fields = _finish_fields(
        JobStatus.FAILED,
        None,
        _("任务所在进程已终止，任务未完成，数据库未被修改。请重新运行。"),
        state.get("done", job.done),
        state.get("total", job.total),
    )
    with transaction.atomic():
        if not Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields):
            return False
        _close_queue_task(job.task_id)
        record(
            "jobs.job.recovered",
            target=job,
            region_code=job.region_code,
            note=_("进程 %(pid)s 已终止") % {"pid": job.worker_pid},
        )
    return True


def _close_queue_task(task_id):
    """The database backend leaves a killed worker's task "RUNNING"; RQ fails it by itself."""
    if not task_id or settings.TASKS_BACKEND != "database":
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def live_state(job) -> Job:
    """The job with the progress its running worker published (not yet in the row)."""
    if job.status == JobStatus.RUNNING:
        state = progress.read_progress(job.pk)
        if state:
            job.done, job.total, job.message = state["done"], state["total"], state["message"]
    return job
