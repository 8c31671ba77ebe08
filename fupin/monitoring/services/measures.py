"""一户一策: measures for a confirmed monitored household, each linked to the record it creates where
Fupin has one (a public-welfare post placement through employment's services)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.changes import create_recorded
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.monitoring.choices import MeasureKind, Outcome
from fupin.monitoring.models import AssistanceMeasure
from fupin.monitoring.services.common import CHANGE

MEASURE_FIELDS = ["household", "kind", "detail", "started_on", "linked_type", "linked_id"]


def _check_case(case, by):
    check_scope(by, CHANGE, case.region_code)
    if case.outcome != Outcome.CONFIRMED:
        raise DomainError(_("只能为已确定的监测对象制定帮扶措施。"))


def _create(case, *, by, kind, detail, on, linked_type="", linked_id=None):
    if kind not in MeasureKind.values:
        raise DomainError(_("帮扶措施类型无效。"), field="kind")
    if not (detail or "").strip():
        raise DomainError(_("请填写措施内容。"), field="detail")
    return create_recorded(
        AssistanceMeasure,
        by=by,
        fields=MEASURE_FIELDS,
        values={
            "kind": kind,
            "detail": detail.strip()[:255],
            "started_on": on or timezone.localdate(),
            "linked_type": linked_type,
            "linked_id": linked_id,
        },
        action="monitoring.assistancemeasure.added",
        case=case,
        household_id=case.household_id,
        region_code=case.region_code,
        created_by=by,
    )


@transaction.atomic
def add_measure(case, *, by, kind, detail, on=None) -> AssistanceMeasure:
    _check_case(case, by)
    return _create(case, by=by, kind=kind, detail=detail, on=on)


@transaction.atomic
def place_on_public_welfare_post(case, *, by, post, laborer, on=None, detail="") -> AssistanceMeasure:
    """就业帮扶 by a public-welfare post: the household's laborer takes the post (employment's service),
    and the measure points to that placement."""
    from fupin.employment.services.posts import assign_post

    _check_case(case, by)
    if laborer.member.household_id != case.household_id:
        raise DomainError(_("该劳动力不属于本户。"), field="laborer")
    on = on or timezone.localdate()
    occupancy = assign_post(post, by=by, started_on=on, laborer=laborer)
    text = detail or _("安排公益性岗位：%(p)s（%(n)s）") % {"p": post.name, "n": laborer.name}
    return _create(
        case,
        by=by,
        kind=MeasureKind.EMPLOYMENT,
        detail=text,
        on=on,
        linked_type="employment.postoccupancy",
        linked_id=occupancy.pk,
    )
