"""The risk rules over every household as one background job (fupin.jobs): progress per chunk of
households, cancel between chunks, all signals written in one transaction or none."""

from django.utils.translation import gettext as _

from fupin.core.scope import check_anywhere, check_scope
from fupin.jobs import runner
from fupin.jobs.models import Job
from fupin.monitoring.services.common import RULES
from fupin.monitoring.services.signals import run_rules

KIND = "monitoring.rules"
HANDLER = "fupin.monitoring.jobs.run_rules_job"


def start_rule_run(*, by, prefix="") -> Job:
    """A job running every active rule over the households under `prefix` (the user's whole scope when
    empty); refused at once without the right."""
    check_scope(by, RULES, prefix) if prefix else check_anywhere(by, RULES)
    return runner.start(
        by=by,
        kind=KIND,
        handler=HANDLER,
        params={"prefix": prefix},
        region_code=prefix.ljust(12, "0") if prefix else "",
        message=_("等待运行风险规则…"),
    )


def run_rules_job(job, reporter) -> dict:
    user = runner.owner(job, _("发起人账号已不存在，无法运行风险规则。"))
    return run_rules(by=user, prefix=job.params.get("prefix", ""), reporter=reporter)
