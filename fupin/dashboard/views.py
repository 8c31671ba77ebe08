from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.exporting import export_response
from fupin.core.pdf import pdf_response
from fupin.core.views import requires
from fupin.dashboard import map_data, work
from fupin.dashboard.queries import home_counts
from fupin.dashboard.targets import target_board

PLAN_PERMISSION = "plan.view_plan"
EXPORTED = "dashboard.targets.exported"


@login_required
def home(request):
    today, targets = timezone.localdate(), None
    if request.user.has_scoped_perm(PLAN_PERMISSION):
        targets = target_board(request.user, today)
    context = {"counts": home_counts(request.user), "targets": targets, "today": today}
    context.update(work=work.my_work(request.user, today), grids=work.this_weeks_grids(request.user))
    if map_data.shows_map(request.user):
        context["map_figures"] = map_data.FIGURES
    return render(request, "dashboard/home.html", context)


@login_required
def my_work(request):
    """我的待办: what waits for me, what I wait for, what is late; each entry links to its action."""
    today = timezone.localdate()
    context = {"work": work.my_work(request.user, today), "grids": work.this_weeks_grids(request.user)}
    return render(request, "dashboard/my_work.html", context)


@login_required
def my_work_count(request):
    """The menu's badge, loaded after the page (htmx) so that no page pays for its counts."""
    return render(request, "dashboard/includes/_work_badge.html", {"n": work.waiting_count(request.user)})


@requires(PLAN_PERMISSION)
def target_export(request):
    """The target board as xlsx or CSV (?export=csv), audited like every export."""
    today = timezone.localdate()
    title = _("目标与时限完成情况（%(d)s）") % {"d": today.isoformat()}
    if request.GET.get("export") == "pdf":
        return pdf_response(
            request,
            template="dashboard/targets_pdf.html",
            context={"targets": target_board(request.user, today), "today": today},
            title=title,
            filename="targets",
            audit_action=EXPORTED,
            permission=PLAN_PERMISSION,
        )
    columns = [
        (_("措施"), 6),
        (_("指标"), 36),
        (_("目标值"), 12),
        (_("单位"), 8),
        (_("完成时限"), 12),
        (_("现状"), 12),
        (_("现状单位"), 10),
        (_("完成度(%)"), 10),
        (_("状态"), 12),
        (_("说明"), 36),
    ]
    rows = (
        [
            row.measure or "",
            row.label,
            row.target,
            (_("不少于") if row.at_least else "") + row.unit,
            row.deadline.isoformat() if row.deadline else "",
            "" if row.value is None else row.value,
            row.value_unit,
            "" if row.progress is None else row.progress,
            str(row.status_label),
            row.detail,
        ]
        for row in target_board(request.user, today)
    )
    return export_response(
        request,
        title=title,
        columns=columns,
        rows=rows,
        filename="targets",
        fmt="csv" if request.GET.get("export") == "csv" else "xlsx",
        audit_action=EXPORTED,
        filters=request.GET,
    )
