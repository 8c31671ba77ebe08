from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.listing import Col, list_page
from fupin.core.views import require_perm, save_form
from fupin.plan import queries, services
from fupin.plan.filters import PlanTaskFilter
from fupin.plan.forms import TargetForm, TaskReportForm, TrackingForm
from fupin.plan.models import Plan, Target


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
        context={"intro": _("在“工作方案”页填报任务进展；本清单可筛选、排序和导出。")},
    )


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
