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
from fupin.core.form_pages import form_page, versioned_update
from fupin.core.listing import Col, field_columns, home_code, list_page
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, requires, save_form
from fupin.plan import queries, services
from fupin.plan.filters import PlanTaskFilter, PostingFilter
from fupin.plan.forms import PostingForm, TargetForm, TaskAssignForm, TaskReportForm, TrackingForm
from fupin.plan.models import Plan, PlanTask, Posting, Target

VIEW, CHANGE, ROSTER, MANAGE_ROSTER = (
    "plan.view_plan",
    "plan.change_plan",
    "plan.view_roster",
    "plan.manage_roster",
)


@requires(VIEW)
def home(request):
    """The plan: measures with their units, targets, budget and unit tasks (a unit sees its own first)."""
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
            "can_change": request.user.has_scoped_perm(CHANGE),
            "can_roster": request.user.has_scoped_perm(ROSTER),
        },
    )


@requires(VIEW)
def task_list(request):
    """Unit tasks: filter, sort, page, export (R7.1). Progress is reported on the plan page."""
    today = timezone.localdate()
    cols = field_columns(
        PlanTask,
        "measure__number unit title deadline status",
        Col(_("逾期"), lambda t: _("是") if t.is_overdue(today) else "", width=6),
        "escalated_on note",
        Col(
            _("更新时间"),
            lambda t: timezone.localtime(t.updated_at).strftime("%Y-%m-%d %H:%M"),
            width=16,
            sort="updated_at",
        ),
        headers={"measure__number": _("措施")},
        widths={"measure__number": 6, "unit": 22, "title": 40, "note": 40},
    )
    return list_page(
        request,
        queryset=queries.tasks_visible_to(request.user),
        filterset_class=PlanTaskFilter,
        columns=cols,
        title=gettext_lazy("责任任务清单"),
        filename="plan-tasks",
        default_sort="deadline",
        context={
            "intro": _("在“工作方案”页填报任务进展；本清单可筛选、排序和导出。"),
            "actions": links_for(request.user, CHANGE, ("plan:task_assign", _("分派任务"))),
        },
    )


@requires(CHANGE)
def task_assign(request):
    """Assign a task of a measure to one of its units, with its own deadline (R7.1; city office)."""
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


@requires(ROSTER)
def roster(request):
    """The roster: filter, sort, page, export."""
    cols = field_columns(
        Posting,
        "kind",
        Col(
            _("派驻地"),
            lambda p: region_name(p.region_code),
            width=16,
            sort="region_code",
            link=lambda p: (
                reverse("plan:posting_edit", args=[p.pk]) if _can_manage(request.user, p) else None
            ),
        ),
        "name sending_unit term_starts_on term_ends_on",
        Col(_("在岗"), lambda p: _("在岗") if p.on_post else _("不在岗"), width=8, sort="on_post"),
        Col(_("联系村"), lambda p: "、".join(region_name(v.code) for v in p.villages.all()), width=40),
        widths={"name": 12, "sending_unit": 22},
    )
    actions = links_for(request.user, MANAGE_ROSTER, ("plan:posting_new", _("登记")))
    return list_page(
        request,
        queryset=queries.postings_visible_to(request.user),
        filterset_class=PostingFilter,
        columns=cols,
        title=gettext_lazy("驻村第一书记和镇(街)工作组名册"),
        filename="roster",
        default_sort=("region_code", "kind", "name"),
        export_region=home_code(request.user),
        context={"actions": actions},
    )


def _can_manage(user, posting):
    return user.has_scoped_perm(MANAGE_ROSTER, posting.region_code)


POSTING_FORM = "plan/posting_form.html"


@requires(MANAGE_ROSTER)
def posting_new(request):
    form = PostingForm(request.POST or None, user=request.user)

    def add(data):
        return services.add_posting(by=request.user, **{k: v for k, v in data.items() if k != "version"})

    return form_page(
        request,
        form,
        add,
        success=_("已登记。"),
        next_url=lambda _posting: reverse("plan:roster"),
        template=POSTING_FORM,
        context={"posting": None},
    )


@requires(MANAGE_ROSTER)
def posting_edit(request, pk):
    posting = get_object_for_user(Posting, request.user, pk=pk)
    if not _can_manage(request.user, posting):  # a village reads its town's group, the town changes it
        raise PermissionDenied
    initial = {
        **{f: getattr(posting, f) for f in services.POSTING_FIELDS if f != "user"},
        "villages": list(posting.villages.all()),
        "version": posting.version,
    }
    form = PostingForm(request.POST or None, user=request.user, initial=initial)
    save = versioned_update(services.update_posting, posting, by=request.user)
    return form_page(
        request,
        form,
        save,
        success=_("已保存。"),
        next_url=lambda _posting: reverse("plan:roster"),
        template=POSTING_FORM,
        context={"posting": posting},
    )


@requires(CHANGE)
def target_edit(request, pk):
    target = get_object_or_404(Target, pk=pk)
    form = TargetForm(request.POST or None, instance=target, initial={"version": target.version})
    save = versioned_update(services.update_target, target, by=request.user)
    return form_page(
        request,
        form,
        save,
        success=_("目标已保存。"),
        next_url=lambda _target: reverse("plan:home"),
        template="plan/target_form.html",
        context={"target": target},
    )


@requires(CHANGE)
def tracking_edit(request, pk):
    """The weekly-tracking span and due time of a plan (city office)."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    form = TrackingForm(request.POST or None, instance=plan, initial={"version": plan.version})
    save = versioned_update(services.update_tracking, plan, by=request.user)
    return form_page(
        request,
        form,
        save,
        success=_("每周跟踪安排已保存。"),
        next_url=lambda _plan: reverse("plan:home"),
        template="plan/tracking_form.html",
        context={"plan": plan},
    )


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
