"""Write pages: the village grid (htmx row saves, "no change"), workflow actions, opening weeks, import,
area risk levels and supply allocations. Each is: require POST -> object for user -> form -> service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.audit import queries as audit_queries
from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.core.exporting import xlsx_download
from fupin.core.importing import upload_on_disk
from fupin.core.listing import field_columns
from fupin.core.scope import check_anywhere, check_scope
from fupin.core.views import get_object_for_user, run_action
from fupin.registry import queries as registry_queries
from fupin.reports import importers, plausibility, queries, services, supply_queries
from fupin.reports.choices import Need, RecipientKind, RiskLevel
from fupin.reports.dimensions import ANSWER_FIELDS
from fupin.reports.filters import SupplyAllocationFilter
from fupin.reports.forms import AreaRiskForm, ImportForm, OpenPeriodForm, ReasonForm, SupplyForm
from fupin.reports.models import AreaRisk, Assessment, ReportPeriod, SupplyAllocation, VillageReport
from fupin.reports.tracking_views import tab_list
from fupin.reports.workflow import ACTION_LABELS, NEEDS_REASON, available_actions

# The grid's columns: (group, field) in the order of the DIMENSIONS groups; needs and notes come last.
GRID_GROUPS = [
    ("epidemic", ["confirmed_members", "suspected_members", "isolated_members", "supplies_received"]),
    ("education", ["children_out_of_school", "children_no_online_class"]),
    ("medical", ["unmet_medical", "uninsured_members"]),
    ("housing", ["housing_unsafe"]),
    ("water", ["water_unsafe"]),
    ("employment", ["members_not_back", "members_wanting_work", "income_lost"]),
    ("production", ["farming_disrupted", "business_disrupted", "unsold_produce_kg", "unsold_produce_yuan"]),
    ("poverty", ["at_risk_return", "newly_in_difficulty", "needs"]),
]
GRID_FIELDS = [f for _g, fields in GRID_GROUPS for f in fields] + ["notes"]
# The headers that fold: the dimension groups gathered into five sections a cadre asks about in turn.
SECTIONS = {
    "epidemic": gettext_lazy("防疫"),
    "living": gettext_lazy("生活保障"),
    "employment": gettext_lazy("务工就业"),
    "production": gettext_lazy("发展生产"),
    "needs": gettext_lazy("返贫与需求"),
}
SECTION_OF_GROUP = {
    "epidemic": "epidemic",
    "education": "living",
    "medical": "living",
    "housing": "living",
    "water": "living",
    "employment": "employment",
    "production": "production",
    "poverty": "needs",
}
FIELD_SECTION = {f: SECTION_OF_GROUP[g] for g, fields in GRID_GROUPS for f in fields}


def _label(field):
    return Assessment._meta.get_field(field).verbose_name


def _grid_scope(request, period_id, code):
    period = get_object_or_404(ReportPeriod, pk=period_id)
    check_scope(request.user, "reports.view_assessment", code)
    if not code.startswith(period.region_prefix):  # a village outside the week's tree has no grid in it
        raise Http404
    report = VillageReport.objects.filter(period=period, region_code=code).first()
    if report is None:
        raise Http404
    return period, report


def _columns():
    """(field, kind, label, section, section label when the field opens its section), built once."""
    columns, seen = [], set()
    for field in GRID_FIELDS:
        kind = "bool" if field in services.BOOL_FIELDS else "int" if field in services.INT_FIELDS else "text"
        section = FIELD_SECTION.get(field, "")
        opens = section and section not in seen
        seen.add(section)
        columns.append((field, kind, _label(field), section, SECTIONS[section] if opens else ""))
    return columns


COLUMNS = _columns()
EMPTY = {"bool": False, "int": 0, "text": ""}


def _cells(values):
    return [
        {
            "name": field,
            "kind": kind,
            "value": values.get(field) if values else EMPTY[kind],
            "label": str(label),  # once: the cell and its input both show it
            "css": f"g-{section or 'notes'}{' needs' if field == 'needs' else ''}",
            "opens": opens,
        }
        for field, kind, label, section, opens in COLUMNS
    ]


def _section_spans():
    spans = []
    for _field, _kind, _label_text, section, _opens in COLUMNS[:-1]:  # notes stand alone
        if spans and spans[-1][0] == section:
            spans[-1][2] += 1
        else:
            spans.append([section, SECTIONS[section], 1])
    return spans


def _row(period, household, head_name, assessment, previous, editable):
    values = {f: getattr(assessment, f) for f in ANSWER_FIELDS} if assessment else previous
    return {
        "household": household,
        "head": head_name,
        "assessment": assessment,
        "has_previous": bool(previous),
        "cells": _cells(values),
        "editable": editable,
        "prefilled": assessment is None and bool(previous),
    }


def _rows(request, period, report, households, saved=None):
    """The grid's rows; `saved` is the assessment a save just wrote for the one household given (its row
    needs no read back, and of last week only whether there is one: the answers shown are this week's)."""
    editable = not report.is_locked and request.user.has_scoped_perm(
        "reports.change_assessment", report.region_code
    )
    ids = [h.pk for h in households]
    if saved is not None:
        current = {saved.household_id: saved}
        previous = (
            {saved.household_id: {}} if services.previous_assessment(period, saved.household_id) else {}
        )
    else:
        current = {a.household_id: a for a in Assessment.objects.filter(period=period, household_id__in=ids)}
        previous = _previous_answers(period, ids)
    heads = registry_queries.head_names(ids)
    return [
        _row(period, h, heads.get(h.pk, ""), current.get(h.pk), previous.get(h.pk), editable)
        for h in households
    ]


def _previous_answers(period, ids):
    prev_period = services.previous_period(period)
    if prev_period is None:
        return {}
    return {
        a.household_id: {f: getattr(a, f) for f in ANSWER_FIELDS}
        for a in Assessment.objects.filter(period=prev_period, household_id__in=ids)
    }


@login_required
def village_grid(request, period_id, code):
    period, report = _grid_scope(request, period_id, code)
    households = list(registry_queries.village_households(code))
    rows = _rows(request, period, report, households)
    region = queries.region_of(code)
    return render(
        request,
        "reports/village_grid.html",
        {
            "period": period,
            "report": report,
            "region": region,
            "rows": rows,
            "remaining": sum(1 for r in rows if r["assessment"] is None),
            "sections": _section_spans(),
            "headers": [(label, section) for _f, _k, label, section, _o in COLUMNS[:-1]],
            "needs": Need.choices,
            "actions": [
                (a, ACTION_LABELS[a], a in NEEDS_REASON) for a in available_actions(report, request.user)
            ],
            "crumbs": queries.breadcrumbs(code, request.user),
        },
    )


def _row_response(request, period, report, household, error=None, findings=None, typed=None, saved=None):
    """The row again (`saved`: the assessment just written); after a refusal it keeps what was typed
    (`typed`) and lists the findings, with the confirmation box of `_warnings.html` when they are only
    warnings."""
    report.refresh_from_db()
    row = _rows(request, period, report, [household], saved=saved)[0]
    if typed is not None:
        row["cells"] = _cells(typed)
    return render(
        request,
        "reports/includes/_grid_row.html",
        {
            "row": row,
            "period": period,
            "report": report,
            "error": error,
            "remaining": report.expected - report.assessed,  # refreshed above: no second read
            "oob": True,
            "needs": Need.choices,
            "warnings": findings or [],
            "can_confirm": bool(findings) and not any(f.hard for f in findings),
        },
    )


def _grid_household(request, period_id, code, household_id):
    period, report = _grid_scope(request, period_id, code)
    household = get_object_or_404(registry_queries.village_households(code), pk=household_id)
    return period, report, household


@login_required
@require_POST
def save_row(request, period_id, code, household_id):
    period, report, household = _grid_household(request, period_id, code, household_id)
    answers = {f: request.POST.get(f) for f in ANSWER_FIELDS}
    for f in services.BOOL_FIELDS:
        answers[f] = bool(request.POST.get(f))
    answers["needs"] = ",".join(request.POST.getlist("needs"))
    return _write_row(
        request,
        period,
        report,
        household,
        lambda: services.save_assessment(
            by=request.user,
            period=period,
            household=household,
            answers=answers,
            version=request.POST.get("version") or None,
            confirm_warnings=bool(request.POST.get("confirm_warnings")),
        ),
        typed=answers,
    )


@login_required
@require_POST
def carry_row(request, period_id, code, household_id):
    period, report, household = _grid_household(request, period_id, code, household_id)
    return _write_row(
        request,
        period,
        report,
        household,
        lambda: services.carry_forward(by=request.user, period=period, household=household),
    )


def _write_row(request, period, report, household, write, typed=None):
    try:
        saved = write()
    except (OutOfScope, NotAllowed):
        raise  # the one scope rule: 404 or 403 (core.middleware.ScopeErrorMiddleware)
    except (plausibility.Implausible, plausibility.NeedsConfirmation) as exc:
        if not request.htmx:
            messages.error(request, str(exc))
        else:
            return _row_response(request, period, report, household, findings=exc.findings, typed=typed)
    except DomainError as exc:
        if not request.htmx:
            messages.error(request, str(exc))
        else:
            return _row_response(request, period, report, household, error=str(exc))
    if request.htmx:
        return _row_response(request, period, report, household, saved=saved)
    return redirect("reports:village_grid", period.pk, household.region_id)


@login_required
@require_POST
def carry_all(request, period_id, code):
    """ "No change" for every household not yet assessed that has last week's answers."""
    period, _report = _grid_scope(request, period_id, code)
    done = set(
        Assessment.objects.filter(period=period, region_code=code).values_list("household_id", flat=True)
    )
    count = 0
    try:
        for household in registry_queries.village_households(code).exclude(pk__in=done):
            if services.previous_answers(period, household) is not None:
                services.carry_forward(by=request.user, period=period, household=household)
                count += 1
    except (OutOfScope, NotAllowed):
        raise  # the one scope rule: 404 or 403 (core.middleware.ScopeErrorMiddleware)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已沿用上周数据：%(n)s户。") % {"n": count})
    return redirect("reports:village_grid", period.pk, code)


@login_required
def report_detail(request, pk):
    report = get_object_for_user(VillageReport, request.user, pk=pk)
    history = audit_queries.history("reports.villagereport", report.pk)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "warned": queries.warned_assessments(report),
            "timeliness": report.timeliness(timezone.now()),
            "lateness": queries.lateness_text(report.late_minutes),
            "reminders": queries.reminders_by_village(report.period, [report.region_code]).get(
                report.region_code, []
            ),
            "region": queries.region_of(report.region_code),
            "history": history,
            "actions": [
                (a, ACTION_LABELS[a], a in NEEDS_REASON) for a in available_actions(report, request.user)
            ],
            "crumbs": queries.breadcrumbs(report.region_code, request.user),
        },
    )


@login_required
@require_POST
def report_action(request, pk, action):
    report = get_object_for_user(VillageReport, request.user, pk=pk)
    if action not in ACTION_LABELS:
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.transition_report(
            report,
            by=request.user,
            action=action,
            reason=form.cleaned_data.get("reason", ""),
            version=form.cleaned_data.get("version"),
        )
    except OutOfScope:
        raise Http404 from None
    except DomainError as exc:  # NotAllowed too: shown as a message here, not a 403
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(action)s成功。") % {"action": ACTION_LABELS[action]})
    return redirect(request.POST.get("next") or reverse("reports:report_detail", args=[report.pk]))


@login_required
@require_POST
def open_period(request):
    run_action(
        request,
        OpenPeriodForm(request.POST),
        lambda data: services.open_period(by=request.user, **data),
        lambda period: _("已开启%(p)s，截止时间 %(due)s。") % {"p": period, "due": period.due_at},
        invalid=_("请检查填写的年度、周次和区域。"),
    )
    return redirect("reports:period_list")


@login_required
def import_assessments(request, period_id):
    period = get_object_or_404(ReportPeriod, pk=period_id)
    check_anywhere(request.user, "reports.change_assessment")
    if request.GET.get("template"):
        return xlsx_download(importers.template_bytes(), "assessment-template.xlsx")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with upload_on_disk(upload) as path:
            try:
                rows = importers.parse_file(path, upload.name)
                count = services.import_assessments(by=request.user, period=period, rows=rows)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已导入%(n)s户的评估。") % {"n": count})
                return redirect("reports:period_list")
    return render(request, "reports/import.html", {"form": form, "period": period})


@login_required
def area_risks(request):
    prefix = queries.default_prefix(request.user)
    form = AreaRiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_area_risk(by=request.user, **form.cleaned_data)
        except (OutOfScope, NotAllowed) as exc:
            form.add_error("region_code", str(exc))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("风险等级已保存。"))
            return redirect("reports:area_risks")
    risks = list(AreaRisk.objects.visible_to(request.user).order_by("-effective_on", "region_code")[:200])
    names = queries.village_names_for([r.region_code for r in risks])
    for r in risks:
        r.region_name = names.get(r.region_code, r.region_code)
    return render(
        request,
        "reports/area_risks.html",
        {
            "form": form,
            "risks": risks,
            "prefix": prefix,
            "levels": RiskLevel,
            "has_weeks": queries.periods_for(prefix).exists(),
        },
    )


@login_required
def supplies(request):
    prefix = queries.default_prefix(request.user)
    form = SupplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _allocate_supplies(request, form):
        messages.success(request, _("物资发放已登记。"))
        return redirect("reports:supplies")
    columns = field_columns(
        SupplyAllocation,
        "allocated_on recipient_kind region_code household__number enterprise_name credit_code item quantity",
        "skip_reason",
        widths={"recipient_kind": 10, "household__number": 16, "credit_code": 20, "quantity": 10},
    )
    return tab_list(
        request,
        "supplies",
        queryset=SupplyAllocation.objects.visible_to(request.user).select_related("household"),
        filterset_class=SupplyAllocationFilter,
        columns=columns,
        title=_("防护物资发放（向扶贫企业和贫困人口倾斜）"),
        filename="supplies",
        default_sort="-allocated_on",
        context={
            "form": form,
            "above": "reports/includes/_supply_form.html",
            "shares": supply_queries.priority_shares(request.user, prefix),
            "open_needs": supply_queries.open_priority_needs(prefix) if len(prefix) >= 9 else None,
        },
    )


def _allocate_supplies(request, form):
    """Record the allocation the form describes; False (errors on the form) when it is refused."""
    data = form.cleaned_data
    household = None
    if data["recipient_kind"] == RecipientKind.HOUSEHOLD and data["household_number"]:
        household = (
            registry_queries.households_visible_to(request.user, "reports.view_assessment")
            .filter(number=data["household_number"])
            .first()
        )
        if household is None:
            form.add_error("household_number", _("户编号不存在或不在您的范围内。"))
            return False
    try:
        services.allocate_supplies(by=request.user, household=household, **_supply_fields(data))
    except (OutOfScope, NotAllowed) as exc:
        form.add_error(None, str(exc))
        return False
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return False
    return True


def _supply_fields(data):
    names = [
        "allocated_on",
        "recipient_kind",
        "region_code",
        "enterprise_name",
        "credit_code",
        "item",
        "quantity",
        "skip_reason",
    ]
    return {name: data.get(name) or "" for name in names}
