"""Bulk enrolment of a district's registered people for a product, as a background job with progress."""

from django.utils.translation import gettext as _

from fupin.core.scope import check_scope
from fupin.insurance import services
from fupin.insurance.models import Product
from fupin.jobs import runner
from fupin.jobs.models import Job

KIND = "insurance.enrolment"
HANDLER = "fupin.insurance.jobs.run_enrolment_job"


def start_enrolment_job(*, by, product, region_code, year) -> Job:
    check_scope(by, services.CHANGE, region_code)
    return runner.start(
        by=by,
        kind=KIND,
        handler=HANDLER,
        params={"product": product.pk, "region_code": region_code, "year": year},
        region_code=region_code,
        message=_("等待批量参保…"),
    )


def run_enrolment_job(job, reporter) -> dict:
    user = runner.owner(job, _("发起人账号已不存在，无法批量参保。"))
    product = Product.objects.get(pk=job.params["product"])
    return services.enrol_region(
        product,
        by=user,
        region_code=job.params["region_code"],
        year=job.params["year"],
        reporter=reporter,
    )
