from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.display import region_name
from fupin.core.errors import DomainError
from fupin.core.listing import Col, home_code, list_page
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, require_perm, save_form
from fupin.plan import queries, services
from fupin.plan.filters import PlanTaskFilter, PostingFilter
from fupin.plan.forms import PostingForm, TargetForm, TaskAssignForm, TaskReportForm, TrackingForm
from fupin.plan.models import Plan, Posting, Target


def _require_view(user):
    require_perm(user, "plan.view_plan")


@login_required
def home(request):
    """The plan: measures with their units, targets, budget and unit tasks (a unit sees its own first)."""
    _require_view(request.user)
    plan = queries.active_plan()
    if plan is None:
        return render(request, "plan/plan_home.html", {"plan": None})
    units = request.user.units
    mine_only = bool(units) and request.GET.get("all") != "1"
    measures = queries.measures_for_units(plan, units) if mine_only else queries.measures_with_units(plan)
    tasks = queries.tasks_for(plan, units if mine_only else None)
    today = timezone.localdate()
    return render(
        request,
        "plan/plan_home.html",
        {
            "plan": plan,
            "measures": measures,
            "targets": plan.targets.select_related("measure"),
            "budget_lines": plan.budget_lines.select_related("measure"),
            "tasks": [(t, t.is_overdue(today)) for t in tasks],
            "units": units,
            "mine_only": mine_only,
            "can_change": request.user.has_scoped_perm("plan.change_plan"),
            "can_roster": request.user.has_scoped_perm("plan.view_roster"),
        },
    )


@login_required
def task_list(request):
    """Unit tasks: filter, sort, page, export (R7.1). Progress is reported on the plan page."""
    _require_view(request.user)
    today = timezone.localdate()
    cols = [
        Col(_("措施"), lambda t: t.measure.number, width=6, sort="measure__number", num=True),
        Col(_("责任单位"), lambda t: t.unit, width=22, sort="unit"),
        Col(_("任务"), lambda t: t.title, width=40),
        Col(_("完成时限"), lambda t: t.deadline, width=12, sort="deadline"),
        Col(_("状态"), lambda t: t.get_status_display(), width=8, sort="status"),
        Col(_("逾期"), lambda t: _("是") if t.is_overdue(today) else "", width=6),
        Col(_("逾期上报日期"), lambda t: t.escalated_on, width=12, sort="escalated_on"),
        Col(_("进展"), lambda t: t.note, width=40),
        Col(
            _("更新时间"),
            lambda t: timezone.localtime(t.updated_at).strftime("%Y-%m-%d %H:%M"),
            width=16,
            sort="updated_at",
        ),
    ]
    return list_page(
        request,
        queryset=queries.tasks_visible_to(request.user),
        filterset_class=PlanTaskFilter,
        columns=cols,
        title=gettext_lazy("责任任务清单"),
        filename="plan-tasks",
        audit_action="plan.plantask.exported",
        default_sort="deadline",
        context={
            "intro": _("在“工作方案”页填报任务进展；本清单可筛选、排序和导出。"),
            "actions": links_for(request.user, "plan.change_plan", ("plan:task_assign", _("分派任务"))),
        },
    )


@login_required
def task_assign(request):
    """Assign a task of a measure to one of its units, with its own deadline (R7.1; city office)."""
    require_perm(request.user, "plan.change_plan")
    plan = queries.active_plan()
    if plan is None:
        raise Http404
    form = TaskAssignForm(request.POST or None, plan=plan)

    def assign(data):
        measure = data.pop("measure")
        return services.assign_task(measure, by=request.user, **data)

    if save_form(request, form, assign, _("任务已分派。")):
        return redirect("plan:task_list")
    units = sorted({u.name for m in queries.measures_with_units(plan) for u in m.units.all()})
    return render(request, "plan/task_assign.html", {"form": form, "plan": plan, "units": units})


# ---- Roster of first secretaries and town work groups (R7.2) ----------------------------------------------


@login_required
def roster(request):
    """The roster: filter, sort, page, export."""
    require_perm(request.user, "plan.view_roster")
    cols = [
        Col(_("类别"), lambda p: p.get_kind_display(), width=14, sort="kind"),
        Col(
            _("派驻地"),
            lambda p: region_name(p.region_code),
            width=16,
            sort="region_code",
            link=lambda p: (
                reverse("plan:posting_edit", args=[p.pk]) if _can_manage(request.user, p) else None
            ),
        ),
        Col(_("姓名/组长"), lambda p: p.name, width=12, sort="name"),
        Col(_("派出单位"), lambda p: p.sending_unit, width=22, sort="sending_unit"),
        Col(_("任期开始"), lambda p: p.term_starts_on, width=12, sort="term_starts_on"),
        Col(_("任期结束"), lambda p: p.term_ends_on, width=12, sort="term_ends_on"),
        Col(_("在岗"), lambda p: _("在岗") if p.on_post else _("不在岗"), width=8, sort="on_post"),
        Col(_("联系村"), lambda p: "、".join(region_name(v.code) for v in p.villages.all()), width=40),
    ]
    actions = links_for(request.user, "plan.manage_roster", ("plan:posting_new", _("登记")))
    return list_page(
        request,
        queryset=queries.postings_visible_to(request.user),
        filterset_class=PostingFilter,
        columns=cols,
        title=gettext_lazy("驻村第一书记和镇(街)工作组名册"),
        filename="roster",
        audit_action="plan.posting.exported",
        default_sort=("region_code", "kind", "name"),
        export_region=home_code(request.user),
        context={"actions": actions},
    )


def _can_manage(user, posting):
    return user.has_scoped_perm("plan.manage_roster", posting.region_code)


def _posting_values(data):
    values = dict(data)
    values.pop("version", None)
    return values


@login_required
def posting_new(request):
    require_perm(request.user, "plan.manage_roster")
    form = PostingForm(request.POST or None, user=request.user)

    def add(data):
        return services.add_posting(by=request.user, **_posting_values(data))

    if save_form(request, form, add, _("已登记。")):
        return redirect("plan:roster")
    return render(request, "plan/posting_form.html", {"form": form, "posting": None})


@login_required
def posting_edit(request, pk):
    require_perm(request.user, "plan.manage_roster")
    posting = get_object_for_user(Posting, request.user, pk=pk)
    if not _can_manage(request.user, posting):  # a village reads its town's group, the town changes it
        raise PermissionDenied
    initial = {
        **{f: getattr(posting, f) for f in services.POSTING_FIELDS if f != "user"},
        "villages": list(posting.villages.all()),
        "version": posting.version,
    }
    form = PostingForm(request.POST or None, user=request.user, initial=initial)
    if save_form(request, form, _versioned(services.update_posting, posting, request.user), _("已保存。")):
        return redirect("plan:roster")
    return render(request, "plan/posting_form.html", {"form": form, "posting": posting})


def _versioned(service, obj, user):
    """The form's action for a service that takes the version the user saw."""

    def save(data):
        values = dict(data)
        version = values.pop("version")
        return service(obj, by=user, version=version, **values)

    return save


@login_required
def target_edit(request, pk):
    require_perm(request.user, "plan.change_plan")
    target = get_object_or_404(Target, pk=pk)
    form = TargetForm(request.POST or None, instance=target, initial={"version": target.version})
    if save_form(request, form, _versioned(services.update_target, target, request.user), _("目标已保存。")):
        return redirect("plan:home")
    return render(request, "plan/target_form.html", {"form": form, "target": target})


@login_required
def tracking_edit(request, pk):
    """The weekly-tracking span and due time of a plan (city office)."""
    require_perm(request.user, "plan.change_plan")
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    form = TrackingForm(request.POST or None, instance=plan, initial={"version": plan.version})
    saved = save_form(
        request, form, _versioned(services.update_tracking, plan, request.user), _("每周跟踪安排已保存。")
    )
    if saved:
        return redirect("plan:home")
    return render(request, "plan/tracking_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def task_report(request, pk):
    task = get_object_or_404(queries.tasks_visible_to(request.user), pk=pk)  # the service checks the unit
    form = TaskReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_task(task, by=request.user, **form.cleaned_data)
            messages.success(request, _("任务进展已保存。"))
        except DomainError as exc:
            messages.error(request, str(exc))
    return redirect("plan:home")
