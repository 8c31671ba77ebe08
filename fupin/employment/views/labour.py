"""Labour services (R2.9): 24-hour labour requests timed to their first referral, recruitment events, and the
employment service officers (就业服务专员) of the enterprises."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.display import date_text, region_name
from fupin.core.form_pages import record_page
from fupin.core.listing import Col, field_columns
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, require_perm, requires
from fupin.employment import filters, forms, queries
from fupin.employment.models import Enterprise, EnterpriseOfficer, RecruitmentEvent, Vacancy
from fupin.employment.services import recruitment
from fupin.employment.views.common import CHANGE, VIEW, enterprise_column, form_page, list_page, url

_event_page = url("employment:event_detail", lambda event: event.pk)


def _hours(delta):
    return round(delta.total_seconds() / 3600, 1) if delta is not None else ""


@requires(VIEW)
def labour_request_list(request):
    """Every 24-hour request with its clock: requested, due, first referral, hours taken, escalated."""
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


@requires(VIEW)
def event_list(request):
    cols = field_columns(
        RecruitmentEvent,
        "name mode held_on region_code",
        Col(_("提供岗位"), lambda o: o.offered, 8, "offered", num=True),
        Col(_("岗位人数"), lambda o: o.offered_seats or 0, 8, "offered_seats", num=True),
        "attendees placed poor_placed",
        links={"name": _event_page},
    )
    actions = links_for(request.user, CHANGE, ("employment:event_create", _("登记招聘活动")))
    return list_page(
        request,
        queryset=queries.recruitment_events(request.user),
        filterset_class=filters.RecruitmentEventFilter,
        columns=cols,
        title=gettext_lazy("招聘活动"),
        filename="recruitment-events",
        default_sort="-held_on",
        context={"actions": actions},
    )


def _event_vacancies(user):
    return Vacancy.objects.visible_to(user).select_related("enterprise").order_by("enterprise__name", "post")


@requires(CHANGE)
def event_create(request):
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
        next_url=_event_page,
    )


@requires(VIEW)
def event_detail(request, pk):
    event = get_object_for_user(RecruitmentEvent, request.user, pk=pk)
    can_change = request.user.has_scoped_perm(CHANGE, event.region_code)
    form = forms.RecruitmentEventForm(
        request.POST or None,
        instance=event,
        initial={"version": event.version, "vacancies": list(event.vacancies.all())},
        vacancies=_event_vacancies(request.user),
    )

    def update(data):
        require_perm(request.user, CHANGE)
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


@requires(VIEW)
def officer_list(request):
    cols = field_columns(
        EnterpriseOfficer, enterprise_column(), "region_code name phone assigned_on ended_on"
    )
    return list_page(
        request,
        queryset=EnterpriseOfficer.objects.visible_to(request.user).select_related("enterprise"),
        filterset_class=filters.EnterpriseOfficerFilter,
        columns=cols,
        title=gettext_lazy("就业服务专员"),
        filename="employment-officers",
        default_sort="enterprise__name",
    )


@requires(CHANGE)
def officer_assign(request, pk):
    """Assign an employment service officer to an enterprise (the one it had is recalled)."""
    ent = get_object_for_user(Enterprise, request.user, pk=pk)
    return form_page(
        request,
        forms.OfficerForm(request.POST or None, initial={"assigned_on": timezone.localdate()}),
        lambda data: recruitment.assign_officer(ent, by=request.user, **data),
        success=_("已派驻就业服务专员。"),
        title=_("派驻就业服务专员：%(e)s") % {"e": ent.name},
        next_url=url("employment:enterprise_detail", ent.pk),
    )


@requires(CHANGE)
def officer_end(request, pk):
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
