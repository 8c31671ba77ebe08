"""Runs a job: through the task queue (the task `run_job`, taken by a worker), or inline in the calling process.

The handler is a function `handler(job, reporter) -> dict` named by its dotted path in `Job.handler`.
It reports with `reporter.progress(done, total, message)`, which raises JobCancelled on a cancel
request. Whatever it raises leaves the job failed with the message; its own transaction rolls back.
While it runs, a heartbeat thread tells the sweep that its worker is alive (`services.recover_dead_jobs`).
"""

import logging
import time

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from fupin.core import metrics
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.jobs import services
from fupin.jobs.models import Job, JobStatus
from fupin.jobs.progress import Heartbeat, JobCancelled, JobReporter

log = logging.getLogger(__name__)


def start_over_scope(*, by, permission, prefix, kind, handler, message, busy_message) -> Job:
    """A job over the regions under `prefix` (its params `{"scope": prefix}`): refused unless `by` holds
    `permission` there (`check_scope`), and while another job of the same kind is queued or running over the
    same prefix (one a dead worker left is recovered first); `busy_message` names that job by `%(id)d`."""
    check_scope(by, permission, prefix)
    region_code = prefix.ljust(12, "0")
    active = Job.objects.filter(
        kind=kind, region_code=region_code, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    )
    for other in active:
        if services.is_orphaned(other):
            services.recover_dead_jobs()
            continue
        raise DomainError(busy_message % {"id": other.pk}, field="region_code")
    params = {"scope": prefix}
    return start(by=by, kind=kind, handler=handler, params=params, region_code=region_code, message=message)


def start(*, by, kind, handler, params, region_code, message) -> Job:
    """Create the job and put it on the queue; returned as it reads now (the immediate backend of the tests
    has run it already)."""
    job = services.create_job(
        by=by, kind=kind, handler=handler, params=params, region_code=region_code, message=message
    )
    submit(job)
    job.refresh_from_db()
    return job


def owner(job, refusal):
    """The user who started the job, on whose behalf it runs; `refusal` (a DomainError's text) when the
    account was removed meanwhile."""
    if job.user is None:
        raise DomainError(refusal)
    return job.user


def submit(job, *, inline=False):
    """Put the job on the task queue (a worker runs it), or run it now in this process (`inline`: commands)."""
    if inline:
        execute(job.pk)
        return
    result = run_job.enqueue(job.pk)
    services.set_task_id(job.pk, result.id)


@task()
def run_job(job_id: int) -> None:
    """The one task on the queue: it carries only the job's id; `Job` stays the record pages follow."""
    execute(job_id)


def execute(job_id):
    if not services.start_job(job_id):
        return
    job = Job.objects.get(pk=job_id)
    reporter = JobReporter(job_id)
    started = time.monotonic()
    # The heartbeat lasts until the row says how the job ended, so no sweep takes a finishing job for dead.
    with Heartbeat(job_id, interval=max(1, settings.JOBS_LEASE_SECONDS // 6)):
        status, fields = _run_handler(job, reporter)
        services.finish_job(job_id, status=status, done=reporter.done, total=reporter.total, **fields)
    if status == JobStatus.CANCELLED:
        services.record_cancelled(job_id)
    metrics.observe_task(job.kind, status, time.monotonic() - started)


def _run_handler(job, reporter):
    """The handler's outcome as (status, fields of the job row); nothing it raises escapes."""
    try:
        result = import_string(job.handler)(job, reporter)
    except JobCancelled:
        return JobStatus.CANCELLED, {"message": _("已取消，数据库未被修改。")}
    except DomainError as exc:
        return JobStatus.FAILED, {"message": str(exc)}
    except Exception as exc:  # a job must always end in a state the page can show
        log.exception("job %s failed", job.pk)
        return JobStatus.FAILED, {"message": _("任务出错：%(e)s") % {"e": exc}}
    reporter.done = reporter.total or reporter.done
    return JobStatus.SUCCEEDED, {"result": result or {}, "message": reporter.message}
