"""Public-welfare posts (公益性岗位) and who holds them."""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.recorder import record
from fupin.core.errors import DomainError
from fupin.core.scope import check_scope
from fupin.employment.choices import SEEKING, LaborerStatus, WorkArea
from fupin.employment.models import Laborer, PostOccupancy, PublicWelfarePost
from fupin.employment.services.common import CHANGE
from fupin.employment.services.laborers import put_on_post


@transaction.atomic
def open_public_welfare_post(
    *, by, region_code, kind, name, seats=1, temporary=False, monthly_pay=0, opened_on=None
) -> PublicWelfarePost:
    check_scope(by, CHANGE, region_code)
    post = PublicWelfarePost.objects.create(
        region_code=region_code,
        kind=kind,
        name=name,
        seats=seats,
        temporary=temporary,
        monthly_pay=monthly_pay,
        opened_on=opened_on or timezone.localdate(),
    )
    record("employment.publicwelfarepost.opened", by=by, target=post)
    return post


def poor_laborers_waiting(post):
    """Registered poor laborers of the post's town who seek work and hold no public-welfare post now."""
    town = post.region_code[:9]
    holding = PostOccupancy.objects.filter(ended_on__isnull=True, laborer__isnull=False).values("laborer_id")
    return (
        Laborer.objects.in_region(town)
        .filter(work_status__in=SEEKING)
        .exclude(pk__in=holding)
        .order_by("region_code", "name")
    )


@transaction.atomic
def assign_post(post, *, by, started_on, laborer=None, name="", reason="") -> PostOccupancy:
    """Someone takes a public-welfare post: a registered poor laborer first (R2.5); another person only with
    a reason while poor laborers of the town still wait for work."""
    check_scope(by, CHANGE, post.region_code)
    current = post.occupancies.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on)).count()
    if current >= post.seats:
        raise DomainError(_("该公益性岗位已满员。"))
    if laborer is not None:
        check_scope(by, CHANGE, laborer.region_code)
    if laborer is None and not name:
        raise DomainError(_("请填写在岗人员姓名。"), field="name")
    reason = (reason or "").strip()
    if laborer is None and not reason:
        waiting = poor_laborers_waiting(post).count()
        if waiting:
            raise DomainError(
                _("本镇还有 %(n)d 名建档立卡贫困劳动力待岗，公益性岗位应优先安排；安排其他人员须说明理由。")
                % {"n": waiting},
                field="reason",
            )
    occ = PostOccupancy.objects.create(
        post=post,
        laborer=laborer,
        name=laborer.name if laborer else name,
        region_code=post.region_code,
        started_on=started_on,
        reason="" if laborer else reason[:255],
    )
    if laborer is not None:
        put_on_post(laborer.pk, area=WorkArea.TOWN, employer=post.name)
    record(
        "employment.postoccupancy.started",
        by=by,
        target=occ,
        region_code=post.region_code,
        note=_("建档立卡贫困劳动力")
        if laborer
        else (_("非建档立卡人员") + (f"：{reason}" if reason else "")),
    )
    return occ


@transaction.atomic
def end_post_occupancy(occupancy, *, by, ended_on, note="") -> PostOccupancy:
    """Someone leaves a public-welfare post; a registered poor laborer goes back to 待返岗."""
    check_scope(by, CHANGE, occupancy.region_code)
    if ended_on < occupancy.started_on:
        raise DomainError(_("离岗日期不能早于上岗日期。"), field="ended_on")
    if not PostOccupancy.objects.filter(pk=occupancy.pk, ended_on__isnull=True).update(
        ended_on=ended_on, end_note=(note or "")[:255]
    ):
        raise DomainError(_("该人员已离岗。"), field="ended_on")
    if occupancy.laborer_id:
        Laborer.objects.filter(pk=occupancy.laborer_id, work_status=LaborerStatus.ON_POST).update(
            work_status=LaborerStatus.WAITING, work_area="", employer="", version=F("version") + 1
        )
    occupancy.refresh_from_db()
    record(
        "employment.postoccupancy.ended",
        by=by,
        target=occupancy,
        changes={"ended_on": [None, str(ended_on)]},
        note=note,
    )
    return occupancy
