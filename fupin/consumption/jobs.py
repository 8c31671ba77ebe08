"""The matching as a background job (as employment's): started by an office's page or the API, followed on
the job's page; one transaction, so a cancelled or failed run leaves nothing."""

from django.utils.translation import gettext as _

from fupin.consumption.permissions import RUN
from fupin.consumption.services import matching_runs
from fupin.jobs import runner
from fupin.jobs.models import Job

KIND = "consumption.matching"
HANDLER = "fupin.consumption.jobs.run_matching_job"


def start_matching(*, by, scope_region) -> Job:
    return runner.start_over_scope(
        by=by,
        permission=RUN,
        prefix=matching_runs.matching_scope(scope_region),
        kind=KIND,
        handler=HANDLER,
        message=_("等待运行产销匹配…"),
        busy_message=_("该范围的产销匹配正在运行（任务 #%(id)d），请等它完成后再运行。"),
    )


def run_matching_job(job, reporter) -> dict:
    user = runner.owner(job, _("发起人账号已不存在，无法运行匹配。"))
    run = matching_runs.run_matching(job.params["scope"], by=user, reporter=reporter)
    return {
        "run_id": run.pk,
        "demands": run.demands,
        "listings": run.listings,
        "proposals": run.proposals,
        "quantity": run.quantity,
        "objective": run.objective,
        "seconds": run.seconds,
    }
