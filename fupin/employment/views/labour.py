"""Labour services (R2.9): 24-hour labour requests timed to their first referral, recruitment events, and the
employment service officers (就业服务专员) of the enterprises."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.display import date_text, region_name
from fupin.core.form_pages import record_page
from fupin.core.listing import Col, region_column
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user
from fupin.employment import filters, forms, queries
from fupin.employment.models import Enterprise, EnterpriseOfficer, RecruitmentEvent, Vacancy
from fupin.employment.services import recruitment
from fupin.employment.views.common import CHANGE, enterprise_column, form_page, list_page, require, url


def _hours(delta):
    return round(delta.total_seconds() / 3600, 1) if delta is not None else ""


@login_required
def labour_request_list(request):
    """Every 24-hour request with its clock: requested, due, first referral, hours taken, escalated."""
    require(request.user)
    now = timezone.now()
    cols = [
        enterprise_column(),
        Col(_("岗位"), lambda o: o.post, 14, "post"),
        Col(_("人数"), lambda o: o.seats, 6, "seats", num=True),
        Col(_("工作地"), lambda o: region_name(o.region_code), 14, "region_code"),
        Col(_("用工请求时间"), lambda o: date_text(o.requested_at), 16, "requested_at"),
        Col(_("调度时限(小时)"), lambda o: o.deadline_hours, 8, "deadline_hours", num=True),
        Col(_("首次推荐时间"), lambda o: date_text(o.first_referral_at), 16, "first_referral_at"),
        Col(_("用时(小时)"), lambda o: _hours(queries.request_elapsed(o, now)), 8, num=True),
        Col(_("时限状态"), lambda o: queries.request_state_label(o, now), 10),
        Col(_("超时上报时间"), lambda o: date_text(o.escalated_at), 16, "escalated_at"),
        Col(_("状态"), lambda o: o.get_status_display(), 8, "status"),
    ]
    return list_page(
        request,
        queryset=queries.labour_requests(request.user).select_related("enterprise"),
        filterset_class=filters.LabourRequestFilter,
        columns=cols,
        title=gettext_lazy("24小时用工调度"),
        filename="labour-requests",
        audit_action="employment.labourrequest.exported",
        default_sort="-requested_at",
        context={"intro": queries.labour_request_summary(request.user, now)},
    )


@login_required
def event_list(request):
    require(request.user)
    cols = [
        Col(_("名称"), lambda o: o.name, 24, "name", url("employment:event_detail", lambda o: o.pk)),
        Col(_("形式"), lambda o: o.get_mode_display(), 6, "mode"),
        Col(_("举办日期"), lambda o: o.held_on, 12, "held_on"),
        region_column(),
        Col(_("提供岗位"), lambda o: o.offered, 8, "offered", num=True),
        Col(_("岗位人数"), lambda o: o.offered_seats or 0, 8, "offered_seats", num=True),
        Col(_("参会(求职)人数"), lambda o: o.attendees, 8, "attendees", num=True),
        Col(_("达成就业人数"), lambda o: o.placed, 8, "placed", num=True),
        Col(_("其中建档立卡贫困劳动力就业"), lambda o: o.poor_placed, 10, "poor_placed", num=True),
    ]
    actions = links_for(request.user, CHANGE, ("employment:event_create", _("登记招聘活动")))
    return list_page(
        request,
        queryset=queries.recruitment_events(request.user),
        filterset_class=filters.RecruitmentEventFilter,
        columns=cols,
        title=gettext_lazy("招聘活动"),
        filename="recruitment-events",
        audit_action="employment.recruitmentevent.exported",
        default_sort="-held_on",
        context={"actions": actions},
    )


def _event_vacancies(user):
    return Vacancy.objects.visible_to(user).select_related("enterprise").order_by("enterprise__name", "post")


@login_required
def event_create(request):
    require(request.user, CHANGE)
    form = forms.RecruitmentEventForm(request.POST or None, vacancies=_event_vacancies(request.user))

    def hold(data):
        values = {k: v for k, v in data.items() if k != "version"}
        return recruitment.hold_recruitment_event(by=request.user, **values)

    return form_page(
        request,
        form,
        hold,
        success=_("招聘活动已登记。"),
        title=_("登记招聘活动"),
        next_url=url("employment:event_detail", lambda event: event.pk),
    )


@login_required
def event_detail(request, pk):
    require(request.user)
    event = get_object_for_user(RecruitmentEvent, request.user, pk=pk)
    can_change = request.user.has_scoped_perm(CHANGE, event.region_code)
    form = forms.RecruitmentEventForm(
        request.POST or None,
        instance=event,
        initial={"version": event.version, "vacancies": list(event.vacancies.all())},
        vacancies=_event_vacancies(request.user),
    )

    def update(data):
        require(request.user, CHANGE)
        values = {k: v for k, v in data.items() if k != "version"}
        return recruitment.update_recruitment_event(event, by=request.user, version=data["version"], **values)

    return record_page(
        request,
        form,
        update,
        success=_("招聘活动已更新。"),
        template="employment/event_detail.html",
        context={
            "event": event,
            "can_change": can_change,
            "vacancies": event.vacancies.select_related("enterprise"),
            "placed_by_referral": queries.event_referral_placements(event),
        },
    )


@login_required
def officer_list(request):
    require(request.user)
    cols = [
        enterprise_column(),
        region_column(),
        Col(_("就业服务专员"), lambda o: o.name, 10, "name"),
        Col(_("联系电话"), lambda o: o.phone, 14),
        Col(_("派驻日期"), lambda o: o.assigned_on, 12, "assigned_on"),
        Col(_("撤回日期"), lambda o: o.ended_on or "", 12, "ended_on"),
    ]
    return list_page(
        request,
        queryset=EnterpriseOfficer.objects.visible_to(request.user).select_related("enterprise"),
        filterset_class=filters.EnterpriseOfficerFilter,
        columns=cols,
        title=gettext_lazy("就业服务专员"),
        filename="employment-officers",
        audit_action="employment.enterpriseofficer.exported",
        default_sort="enterprise__name",
    )


@login_required
def officer_assign(request, pk):
    """Assign an employment service officer to an enterprise (the one it had is recalled)."""
    require(request.user, CHANGE)
    ent = get_object_for_user(Enterprise, request.user, pk=pk)
    return form_page(
        request,
        forms.OfficerForm(request.POST or None, initial={"assigned_on": timezone.localdate()}),
        lambda data: recruitment.assign_officer(ent, by=request.user, **data),
        success=_("已派驻就业服务专员。"),
        title=_("派驻就业服务专员：%(e)s") % {"e": ent.name},
        next_url=url("employment:enterprise_detail", ent.pk),
    )


@login_required
def officer_end(request, pk):
    require(request.user, CHANGE)
    assignment = get_object_for_user(
        EnterpriseOfficer.objects.select_related("enterprise"), request.user, pk=pk
    )
    return form_page(
        request,
        forms.OfficerEndForm(request.POST or None, initial={"ended_on": timezone.localdate()}),
        lambda data: recruitment.end_officer(assignment, by=request.user, **data),
        success=_("已撤回就业服务专员。"),
        title=_("撤回就业服务专员：%(n)s（%(e)s）") % {"n": assignment.name, "e": assignment.enterprise.name},
        next_url=url("employment:enterprise_detail", assignment.enterprise_id),
    )
