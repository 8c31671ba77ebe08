"""The procedure's cases: the 台账 list, a case with its steps, measures (一户一策) and risk cleared."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.listing import Col
from fupin.core.views import get_object_for_user, requires, run_action
from fupin.monitoring import filters, forms, queries
from fupin.monitoring.models import MonitoringCase
from fupin.monitoring.services import cases, measures
from fupin.monitoring.views.common import CHANGE, TABS, VIEW, list_with_heads, today
from fupin.monitoring.workflow import acts_on_case


def _columns(names):
    return [
        Col(
            _("户编号"),
            lambda c: c.household.number,
            18,
            "household__number",
            lambda c: reverse("monitoring:case_detail", args=[c.pk]),
        ),
        Col(_("户主"), lambda c: names.get(c.household_id, ""), 10),
        Col(_("村(居)"), lambda c: c.household.region.name, 12, "region_code"),
        Col(_("事项"), lambda c: c.get_purpose_display(), 10, "purpose"),
        Col(_("监测对象类型"), lambda c: c.get_kind_display(), 12, "kind"),
        Col(_("风险类型"), lambda c: c.get_risk_type_display(), 10, "risk_type"),
        Col(_("预警颜色"), lambda c: c.get_colour_display(), 8, "colour"),
        Col(_("发起日期"), lambda c: c.opened_on, 12, "opened_on"),
        Col(_("当前环节"), lambda c: c.get_step_display(), 14, "step"),
        Col(_("本环节时限"), lambda c: c.step_deadline, 12, "step_deadline"),
        Col(_("办结时限"), lambda c: c.due_on, 12, "due_on"),
        Col(_("结果"), lambda c: c.get_outcome_display(), 12, "outcome"),
        Col(_("办结日期"), lambda c: c.closed_on, 12, "closed_on"),
        Col(_("逾期"), lambda c: _("是") if c.is_overdue(today()) else "", 6),
    ]


@requires(VIEW)
def case_list(request):
    """防返贫监测台账: every case with its type, risk, colour, step and deadlines; exported as is."""
    qs = queries.cases_visible_to(request.user).select_related("household__region")
    return list_with_heads(
        request,
        queryset=qs,
        filterset_class=filters.CaseFilter,
        columns=_columns,
        title=gettext_lazy("防返贫监测台账"),
        filename="monitoring-ledger",
        audit_action="monitoring.monitoringcase.exported",
        default_sort="-opened_on",
        export=lambda qs, fmt: _export(request, qs, fmt),
        context={"tabs": TABS},
    )


def _export(request, filtered, fmt):
    from fupin.core.exporting import export_response

    rows = list(filtered.select_related("household__region"))
    names = queries.household_names([c.household_id for c in rows])
    columns = _columns(names)
    return export_response(
        request,
        fmt=fmt,
        title=_("防返贫监测台账"),
        filename="monitoring-ledger",
        columns=[(c.header, c.width) for c in columns],
        rows=([c.value(case) for c in columns] for case in rows),
        audit_action="monitoring.monitoringcase.exported",
        permission="monitoring.view_signal",
        filters={k: v for k, v in request.GET.items() if v and k not in ("page", "export")},
    )


@requires(VIEW)
def case_detail(request, pk):
    case = get_object_for_user(
        MonitoringCase.objects.select_related("household__region"), request.user, pk=pk
    )
    posts = queries.open_posts_for(request.user, case.region_code)
    laborers = queries.laborers_of(request.user, case.household_id)
    context = {
        "case": case,
        "tabs": TABS,
        "head": queries.household_names([case.household_id]).get(case.household_id, ""),
        "events": queries.case_history(case),
        "measures": queries.measures_of(case),
        "signals": queries.signals_of(case.household_id)[:50],
        "can_act": acts_on_case(request.user, case),
        "can_change": request.user.has_scoped_perm(CHANGE, case.region_code),
        "overdue": case.is_overdue(today()),
        "decision_form": forms.DecisionForm(initial={"version": case.version}),
        "measure_form": forms.MeasureForm(),
        "post_form": forms.PostPlacementForm(posts=posts, laborers=laborers),
    }
    return render(request, "monitoring/case_detail.html", context)


def _case(request, pk):
    return get_object_for_user(MonitoringCase.objects.select_related("household"), request.user, pk=pk)


def _act_on_case(request, pk, form, action, success):
    """The POST of a button on a case's page: the form goes to `action(case, data)` through `run_action`,
    then back to the case."""
    case = _case(request, pk)
    run_action(request, form, lambda data: action(case, data), success)
    return redirect("monitoring:case_detail", pk=case.pk)


@requires(VIEW)
@require_POST
def case_decide(request, pk):
    def decide(case, data):
        if data["decision"] == "approve":
            return cases.approve_step(
                case, by=request.user, version=data["version"], note=data["note"], appraisal=data["appraisal"]
            )
        return cases.reject_step(case, by=request.user, version=data["version"], note=data["note"])

    return _act_on_case(request, pk, forms.DecisionForm(request.POST), decide, _("已办理。"))


@requires(CHANGE)
@require_POST
def measure_add(request, pk):
    return _act_on_case(
        request,
        pk,
        forms.MeasureForm(request.POST),
        lambda case, data: measures.add_measure(case, by=request.user, **data),
        _("已添加帮扶措施。"),
    )


@requires(CHANGE)
@require_POST
def measure_post(request, pk):
    """就业帮扶: a laborer of the household takes a public-welfare post (a placement in employment)."""
    case = _case(request, pk)
    posts = queries.open_posts_for(request.user, case.region_code)
    laborers = queries.laborers_of(request.user, case.household_id)
    form = forms.PostPlacementForm(request.POST, posts=posts, laborers=laborers)

    def place(data):
        post = posts.filter(pk=data["post"]).first()
        laborer = laborers.filter(pk=data["laborer"]).first()
        if post is None or laborer is None:
            raise Http404
        return measures.place_on_public_welfare_post(
            case, by=request.user, post=post, laborer=laborer, on=data["on"]
        )

    run_action(request, form, place, _("已安排公益性岗位。"))
    return redirect("monitoring:case_detail", pk=case.pk)


@requires(CHANGE)
@require_POST
def clearing_open(request, pk):
    """Ask for 风险消除 of the household of a confirmed case: the same chain, when the criteria hold."""
    case = _case(request, pk)
    try:
        clearing = cases.open_clearing(case.household, by=request.user, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:case_detail", pk=case.pk)
    messages.success(request, _("已发起风险消除，进入村级评估和民主评议。"))
    return redirect("monitoring:case_detail", pk=clearing.pk)
