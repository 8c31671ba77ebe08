"""The quarterly interest subsidy as a background job: tens of thousands of loans computed and paid in one
transaction (a cancelled or failed run pays nothing), followed on the job's page."""

from django.utils.translation import gettext as _

from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.finance import rules, services
from fupin.funds.models import Allocation
from fupin.jobs import runner
from fupin.jobs.models import Job

KIND = "finance.subsidy"
HANDLER = "fupin.finance.jobs.run_subsidy_job"


def start_subsidy_job(*, by, allocation, quarter) -> Job:
    """Check the right at once, then queue the quarter's subsidy for the allocation's region."""
    check_scope(by, services.CHANGE, allocation.region_id)
    try:
        rules.quarter_bounds(quarter)
    except (ValueError, IndexError):
        raise DomainError(_("季度格式应为 2020Q2。"), field="quarter") from None
    return runner.start(
        by=by,
        kind=KIND,
        handler=HANDLER,
        params={"allocation": allocation.pk, "quarter": quarter},
        region_code=allocation.region_id,
        message=_("等待计算贴息…"),
    )


def run_subsidy_job(job, reporter) -> dict:
    user = runner.owner(job, _("发起人账号已不存在，无法支付贴息。"))
    allocation = Allocation.objects.get(pk=job.params["allocation"])
    return services.pay_quarter_subsidy(allocation, by=user, quarter=job.params["quarter"], reporter=reporter)
