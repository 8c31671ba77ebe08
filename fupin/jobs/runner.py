"""Runs a job: in a background thread of the web process, or inline when settings.JOBS_RUN_INLINE.

The handler is a function `handler(job, reporter) -> dict` named by its dotted path in `Job.handler`.
It reports with `reporter.progress(done, total, message)`, which raises JobCancelled on a cancel
request. Whatever it raises leaves the job failed with the message; its own transaction rolls back.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from fupin.core.errors import DomainError
from fupin.jobs import services
from fupin.jobs.models import Job, JobStatus
from fupin.jobs.progress import JobCancelled, JobReporter

log = logging.getLogger(__name__)


def submit(job, *, inline=None):
    """Start the job now (inline) or in a daemon thread; returns at once in the thread case."""
    inline = settings.JOBS_RUN_INLINE if inline is None else inline
    if inline:
        execute(job.pk)
        return
    thread = threading.Thread(target=_thread_main, args=(job.pk,), name=f"job-{job.pk}", daemon=True)
    thread.start()


def _thread_main(job_id):
    close_old_connections()
    try:
        execute(job_id)
    finally:
        connections.close_all()


def execute(job_id):
    if not services.start_job(job_id):
        return
    job = Job.objects.get(pk=job_id)
    reporter = JobReporter(job_id)
    try:
        result = import_string(job.handler)(job, reporter)
    except JobCancelled:
        services.finish_job(
            job_id,
            status=JobStatus.CANCELLED,
            message=_("已取消，数据库未被修改。"),
            done=reporter.done,
            total=reporter.total,
        )
        services.record_cancelled(job_id)
    except DomainError as exc:
        services.finish_job(
            job_id, status=JobStatus.FAILED, message=str(exc), done=reporter.done, total=reporter.total
        )
    except Exception as exc:  # a job must always end in a state the page can show
        log.exception("job %s failed", job_id)
        services.finish_job(
            job_id,
            status=JobStatus.FAILED,
            message=_("任务出错：%(e)s") % {"e": exc},
            done=reporter.done,
            total=reporter.total,
        )
    else:
        services.finish_job(
            job_id,
            status=JobStatus.SUCCEEDED,
            result=result or {},
            message=reporter.message,
            done=reporter.total or reporter.done,
            total=reporter.total,
        )
