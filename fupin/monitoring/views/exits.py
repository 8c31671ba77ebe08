"""贫困户退出: the list, a proposal, one page per exit with its steps, and the 脱贫不脱政策 check."""

import datetime

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.form_pages import form_page
from fupin.core.listing import Col, list_page
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, requires, run_action
from fupin.monitoring import filters, forms, queries
from fupin.monitoring.models import ExitCase, ExitObjection
from fupin.monitoring.services import exits
from fupin.monitoring.views.common import CHANGE, TABS, VIEW, today
from fupin.monitoring.workflow import acts_on_exit


@requires(VIEW)
def exit_list(request):
    qs = queries.exits_visible_to(request.user).select_related("household__region")
    columns = [
        Col(
            _("户编号"),
            lambda e: e.household.number,
            18,
            "household__number",
            lambda e: reverse("monitoring:exit_detail", args=[e.pk]),
        ),
        Col(_("村(居)"), lambda e: e.household.region.name, 12, "region_code"),
        Col(_("拟退出日期"), lambda e: e.proposed_on, 12, "proposed_on"),
        Col(_("环节"), lambda e: e.get_step_display(), 12, "step"),
        Col(_("公示开始"), lambda e: e.notice_starts_on, 12, "notice_starts_on"),
        Col(_("公示结束"), lambda e: e.notice_ends_on, 12, "notice_ends_on"),
        Col(_("公告日期"), lambda e: e.announced_on, 12, "announced_on"),
        Col(_("销号日期"), lambda e: e.closed_on, 12, "closed_on"),
        Col(_("脱贫年度"), lambda e: e.exit_year, 8, "exit_year", num=True),
    ]
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.ExitFilter,
        columns=columns,
        title=gettext_lazy("贫困户退出"),
        filename="monitoring-exits",
        audit_action="monitoring.exitcase.exported",
        default_sort="-proposed_on",
        context={
            "actions": links_for(request.user, CHANGE, ("monitoring:exit_propose", _("拟退出"))),
            "tabs": TABS,
        },
    )


@requires(CHANGE)
def exit_propose(request):

    def propose(data):
        household = queries.household_for(request.user, number=data["number"].strip())
        if household is None:
            raise DomainError(_("找不到该户编号，或不在您的管辖范围内。"), field="number")
        return exits.propose_exit(household, by=request.user, agreed=data["agreed"], on=data["on"])

    return form_page(
        request,
        forms.ExitProposalForm(request.POST or None),
        propose,
        success=_("已提出拟退出，退出标准核查通过。"),
        title=_("拟退出"),
        next_url=lambda e: reverse("monitoring:exit_detail", args=[e.pk]),
        tabs=TABS,
    )


@requires(VIEW)
def exit_detail(request, pk):
    exit_case = get_object_for_user(ExitCase.objects.select_related("household__region"), request.user, pk=pk)
    context = {
        "exit": exit_case,
        "tabs": TABS,
        "objections": exit_case.objections.all(),
        "can_act": acts_on_exit(request.user, exit_case),
        "can_change": request.user.has_scoped_perm(CHANGE, exit_case.region_code),
        "notice_over": exit_case.notice_ends_on is not None and today() > exit_case.notice_ends_on,
    }
    return render(request, "monitoring/exit_detail.html", context)


ACTIONS = {
    "appraise": lambda e, by, d: exits.appraise_exit(
        e, by=by, version=d["version"], appraisal=d["appraisal"]
    ),
    "notice": lambda e, by, d: exits.start_notice(
        e, by=by, version=d["version"], starts_on=d["starts_on"], ends_on=d["ends_on"]
    ),
    "objection": lambda e, by, d: exits.record_objection(e, by=by, text=d["text"]),
    "verify": lambda e, by, d: exits.verify_exit(e, by=by, version=d["version"], note=d["note"]),
    "approve": lambda e, by, d: exits.approve_exit(e, by=by, version=d["version"]),
    "close": lambda e, by, d: exits.close_exit(e, by=by, version=d["version"]),
    "withdraw": lambda e, by, d: exits.withdraw_exit(e, by=by, version=d["version"], note=d["note"]),
}


def _check_dates(data):
    if data["action"] == "notice" and not (data["starts_on"] and data["ends_on"]):
        raise DomainError(_("请填写公示起止日期。"), field="ends_on")


@requires(VIEW)
@require_POST
def exit_act(request, pk):
    exit_case = get_object_for_user(ExitCase.objects.select_related("household"), request.user, pk=pk)
    form = forms.ExitStepForm(request.POST)

    def act(data):
        action = ACTIONS.get(data["action"])
        if action is None:
            raise DomainError(_("当前环节不能执行此操作。"))
        _check_dates(data)
        return action(exit_case, request.user, data)

    run_action(request, form, act, _("已办理。"))
    return redirect("monitoring:exit_detail", pk=exit_case.pk)


@requires(CHANGE)
@require_POST
def objection_resolve(request, pk):
    exit_case = get_object_for_user(ExitCase, request.user, pk=pk)
    form = forms.ObjectionResolveForm(request.POST)

    def resolve(data):
        objection = get_object_for_user(ExitObjection, request.user, pk=data["objection"], exit=exit_case)
        return exits.resolve_objection(objection, by=request.user, resolution=data["resolution"])

    run_action(request, form, resolve, _("已处理异议。"))
    return redirect("monitoring:exit_detail", pk=exit_case.pk)


@requires(VIEW)
def policy_check(request):
    """脱贫不脱政策: households that lost 低保 at exit while still eligible."""
    rows = queries.lost_subsistence(request.user)
    return render(
        request,
        "monitoring/policy_check.html",
        {"rows": rows, "line": queries.subsistence_line(), "tabs": TABS},
    )


@requires(CHANGE)
@require_POST
def policy_problem(request, pk):
    exit_case = get_object_for_user(ExitCase.objects.select_related("household"), request.user, pk=pk)
    run_action(
        request,
        forms.NoteForm(request.POST),
        lambda data: exits.open_policy_problem(exit_case, by=request.user, deadline=today() + _MONTH),
        _("已列入问题清单。"),
    )
    return redirect("monitoring:policy_check")


_MONTH = datetime.timedelta(days=30)
