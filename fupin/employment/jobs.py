"""The matching (精准对接) as a background job: started by a page or the API, followed on its page.

A county or the whole city may hold tens of thousands of seeking laborers; scoring and solving then
take longer than a web request should. `start_matching` checks the permission and scope at once (so
the user hears "not allowed" immediately), creates a `fupin.jobs` job and submits it;
`run_matching_job` runs `matching_runs.run_matching` with the job's reporter, which publishes the stages
(reading, scoring, solving, storing) and stops between stages on a cancel request (one transaction:
a cancelled or failed run leaves no trace).
"""

from django.utils.translation import gettext as _

from fupin.employment.services import common, matching_runs
from fupin.jobs import runner
from fupin.jobs.models import Job
from fupin.jobs.queries import job_for

KIND = "employment.matching"
HANDLER = "fupin.employment.jobs.run_matching_job"


def start_matching(*, by, scope_region) -> Job:
    """A matching job for the scope, submitted (tests run it at once: the immediate task backend)."""
    return runner.start_over_scope(
        by=by,
        permission=common.RUN,
        prefix=matching_runs.matching_scope(scope_region),
        kind=KIND,
        handler=HANDLER,
        message=_("等待运行匹配…"),
        busy_message=_("该范围的匹配正在运行（任务 #%(id)d），请等它完成后再运行。"),
    )


def run_matching_job(job, reporter) -> dict:
    """The job handler: one matching run; its result names the batch the page links to."""
    user = runner.owner(job, _("发起人账号已不存在，无法运行匹配。"))
    batch = matching_runs.run_matching(job.params["scope"], by=user, reporter=reporter)
    return {
        "batch_id": batch.pk,
        "laborers": batch.laborers,
        "vacancies": batch.vacancies,
        "edges": batch.edges,
        "proposals": batch.proposals,
        "objective": batch.objective,
        "seconds": batch.seconds,
    }


def matching_job_for(user, pk) -> Job:
    """A matching job the user started (404 otherwise), with its live progress."""
    return job_for(user, pk, kind=KIND)
