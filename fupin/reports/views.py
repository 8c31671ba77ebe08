"""Read pages: dashboard with drill-down, weekly report, completeness, lists behind numbers."""

from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError, NotAllowed, OutOfScope
from fupin.core.exporting import export_response
from fupin.core.listing import EXPORT_FORMATS, Col, list_page, old_spelling_redirect
from fupin.core.pdf import pdf_response
from fupin.core.regioncodes import LEVEL_DIGITS
from fupin.reports import proposals as proposal_service
from fupin.reports import queries
from fupin.reports.dimensions import BY_CODE, DIMENSIONS, GROUPS, HEADLINE
from fupin.reports.exporters import weekly_report_response
from fupin.reports.filters import AssessmentListFilter
from fupin.reports.models import ReportPeriod

COMPARE = ["hh_epidemic", "hh_employment", "hh_production", "at_risk_return"]
LEVEL_NAMES = {
    2: gettext_lazy("省"),
    4: gettext_lazy("市"),
    6: gettext_lazy("县(区)"),
    9: gettext_lazy("镇(街)"),
    12: gettext_lazy("村(居)"),
}


class Scope(NamedTuple):
    """What a page of the weekly tracking shows: the region prefix, its region and the week."""

    prefix: str
    region: object
    period: object


def scope(request):
    """The Scope of ?region= and ?period=, checked against the user's scope (else 404)."""
    user = request.user
    prefix = queries.check_prefix(user, request.GET.get("region") or queries.default_prefix(user))
    period = queries.pick_period(prefix, request.GET.get("period") or None)
    return Scope(prefix, queries.region_of(prefix), period)


def scope_with_period(request):
    """`scope`, or 404 when the region has no report week yet (the pages of one week)."""
    where = scope(request)
    if where.period is None:
        raise Http404
    return where


def _base_context(request, prefix, region, period):
    return {
        "prefix": prefix,
        "region": region,
        "period": period,
        "periods": queries.with_completeness(queries.periods_for(prefix).reverse(), prefix),
        "crumbs": queries.breadcrumbs(prefix, request.user),
        "child_level": LEVEL_NAMES.get(queries.NEXT_DIGITS.get(len(prefix), 12)),
        "children_are_villages": len(prefix) == 9,
        "is_village": len(prefix) == 12,
        "behind_url": reverse("reports:households_behind"),
    }


@login_required
def home(request):
    prefix, region, period = scope(request)
    context = _base_context(request, prefix, region, period)
    if period is None:
        return render(request, "reports/home.html", context)
    table = queries.indicator_table(period, prefix)
    idx = {d.code: i for i, d in enumerate(DIMENSIONS)}
    cards = [
        {
            "code": c,
            "label": BY_CODE[c].label,
            "value": table["total"][idx[c]],
            "change": table["change"][idx[c]] if table["change"] else None,
        }
        for c in HEADLINE
    ]
    completeness = queries.completeness(period, prefix)
    risks = queries.current_risks(prefix, period.ends_on)
    # A village without households has no report, so no grid to link to.
    reported = (
        set(period.village_reports.values_list("region_code", flat=True)) if len(prefix) == 9 else set()
    )
    for row in table["rows"]:
        row["risk"] = risks.get(row["region"].code)
        row["has_report"] = row["region"].code in reported
    charts = {
        "trend": queries.trend(prefix, [c for c in HEADLINE if c != "assessed"]),
        "compare": {
            "regions": [r["region"].name for r in table["rows"]],
            "series": [
                {"name": str(BY_CODE[c].label), "data": [r["values"][idx[c]] for r in table["rows"]]}
                for c in COMPARE
            ],
        },
        "completeness": {
            "regions": [r["name"] for r in completeness],
            "expected": [r.get("expected", 0) for r in completeness],
            "assessed": [r.get("assessed", 0) for r in completeness],
            "submitted": [r.get("submitted", 0) for r in completeness],
            "approved": [r.get("approved", 0) for r in completeness],
        },
    }
    charts["newly"] = {
        "weeks": charts["trend"]["weeks"],
        "data": next(s["data"] for s in charts["trend"]["series"] if s["code"] == "newly_affected"),
    }
    context.update(
        table=table,
        cards=cards,
        completeness=completeness,
        totals=queries.totals(completeness),
        charts=charts,
        own_risk=risks.get(prefix.ljust(12, "0")),
        groups=GROUPS,
    )
    return render(request, "reports/home.html", context)


@login_required
def weekly_report(request):
    moved = old_spelling_redirect(request)
    if moved:
        return moved
    prefix, region, period = scope_with_period(request)
    table = queries.indicator_table(period, prefix)
    context = _base_context(request, prefix, region, period)
    first_header = str(context["child_level"] or _("地区"))
    if request.GET.get("export") in EXPORT_FORMATS:
        return weekly_report_response(
            request,
            period=period,
            prefix=prefix,
            region_name=region.name if region else prefix,
            table=table,
            first_header=first_header,
        )
    context.update(table=table, group_spans=_group_spans(), first_header=first_header)
    if request.GET.get("export") == "pdf":
        title = _("%(name)s贫困户疫情影响跟踪周报（%(week)s）") % {
            "name": region.name if region else prefix,
            "week": period.label,
        }
        return pdf_response(
            request,
            template="reports/weekly_report_pdf.html",
            context=context,
            title=title,
            filename="weekly-report",
            audit_action="reports.weeklyreport.exported",
        )
    return render(request, "reports/weekly_report.html", context)


def _group_spans():
    spans = []
    for d in DIMENSIONS:
        if spans and spans[-1][0] == d.group:
            spans[-1][2] += 1
        else:
            spans.append([d.group, GROUPS[d.group], 1])
    return spans


@login_required
def completeness(request):
    prefix, region, period = scope_with_period(request)
    rows = queries.completeness(period, prefix)
    context = _base_context(request, prefix, region, period)
    context.update(rows=rows, totals=queries.totals(rows), late=queries.late_or_missing(period, prefix))
    return render(request, "reports/completeness.html", context)


ASSESSMENT_COLUMNS = [
    (gettext_lazy("户编号"), 16),
    (gettext_lazy("村"), 14),
    (gettext_lazy("涉及方面"), 30),
    (gettext_lazy("未返岗人数"), 10),
    (gettext_lazy("减收金额(元)"), 12),
    (gettext_lazy("提出需求"), 14),
    (gettext_lazy("备注"), 30),
]


def _assessment_rows(assessments, names):
    for a in assessments.iterator(chunk_size=2000):
        yield [
            a.household.number,
            names.get(a.region_code, a.region_code),
            queries.dimension_labels(a.newly_affected),
            a.members_not_back,
            a.income_lost,
            queries.need_labels(a.needs),
            a.notes,
        ]


ASSESSMENT_PAGE_COLUMNS = [
    Col(gettext_lazy("户编号"), lambda a: a.household.number, sort="number"),
    Col(gettext_lazy("村"), lambda a: a.region_code, sort="region"),
    Col(gettext_lazy("新增受影响方面"), lambda a: ""),
    Col(gettext_lazy("未返岗人数"), lambda a: a.members_not_back, sort="members_not_back", num=True),
    Col(gettext_lazy("减收金额(元)"), lambda a: a.income_lost, sort="income_lost", num=True),
    Col(gettext_lazy("返贫风险"), lambda a: a.at_risk_return),
    Col(gettext_lazy("提出需求"), lambda a: ""),
    Col(gettext_lazy("备注"), lambda a: a.notes),
]
ASSESSMENT_SORTS = {"number": ("household__number",), "region": ("region_code", "household__number")}


def _assessment_list(request, where, queryset, title, *, export_name, audit, extra=None):
    """The assessments of `queryset` in the `where` (a Scope) of the page; `audit` the action of an export."""
    prefix, region, period = where

    def export(qs, fmt):
        return export_response(
            request,
            title=title,
            columns=ASSESSMENT_COLUMNS,
            rows=_assessment_rows(qs, queries.village_names(prefix)),
            filename=export_name,
            fmt=fmt,
            audit_action=audit,
            region_code=prefix.ljust(12, "0"),
            filters=request.GET,
        )

    context = _base_context(request, prefix, region, period)
    context.update(title=title, **(extra or {}))
    return list_page(
        request,
        queryset=queryset,
        filterset_class=AssessmentListFilter,
        columns=ASSESSMENT_PAGE_COLUMNS,
        sorts=ASSESSMENT_SORTS,
        default_sort=ASSESSMENT_SORTS["region"],
        decorate=lambda page: _with_labels(page, period, proposals=context.get("proposals")),
        title=title,
        filename=export_name,
        export=export,  # audited as `audit`
        template="reports/assessment_list.html",
        context=context,
    )


def _with_labels(assessments, period, *, proposals=False):
    """The page's assessments with their village name, labels and (for proposals) their ledger items."""
    assessments = list(assessments)
    names = queries.village_names_for([a.region_code for a in assessments])
    for a in assessments:
        a.village_name = names.get(a.region_code, a.region_code)
        a.affected_labels = queries.dimension_labels(a.newly_affected)
        a.need_labels = queries.need_labels(a.needs)
    if proposals:
        existing = proposal_service.existing_items(period, assessments)
        for a in assessments:
            a.ledger_items = [
                (BY_CODE[d].label, existing.get(proposal_service.item_key(period.pk, a.household_id, d)))
                for d in proposal_service.dimensions_of(a)
            ]
            a.all_in_ledger = all(item is not None for _label, item in a.ledger_items)
    return assessments


@login_required
def households_behind(request):
    where = scope(request)
    code = request.GET.get("indicator", "assessed")
    if where.period is None or code not in BY_CODE:
        raise Http404
    qs = queries.households_behind(request.user, where.period, where.prefix, code)
    title = _("%(region)s %(week)s：%(indicator)s") % {
        "region": where.region.name if where.region else where.prefix,
        "week": where.period.label,
        "indicator": BY_CODE[code].label,
    }
    audit = "reports.assessment.exported"
    return _assessment_list(
        request, where, qs, title, export_name="households", audit=audit, extra={"indicator": code}
    )


@login_required
def proposals(request):
    where = scope_with_period(request)
    qs = queries.newly_affected(request.user, where.period, where.prefix)
    title = _("新增受影响贫困户（拟纳入帮扶工作台账）%(week)s") % {"week": where.period.label}
    extra = {
        "show_reason": True,
        "proposals": True,
        "can_create_items": bool(request.user.prefixes_for("ledgers.create_item")),
        "default_days": proposal_service.DEFAULT_DEADLINE_DAYS,
    }
    audit = "reports.proposal.exported"
    return _assessment_list(request, where, qs, title, export_name="proposals", audit=audit, extra=extra)


@login_required
@require_POST
def proposals_create_items(request):
    """Create the assistance-ledger items of the checked proposals (or of all on the page), all or nothing."""
    prefix, _region, period = scope_with_period(request)
    ids = request.POST.getlist("assessment")
    if request.POST.get("all_on_page"):
        ids = request.POST.getlist("page_assessment")
    try:
        created, skipped = proposal_service.create_ledger_items(
            by=request.user,
            period=period,
            assessment_ids=[i for i in ids if i.isdigit()],
            days=request.POST.get("days") or proposal_service.DEFAULT_DEADLINE_DAYS,
        )
    except (OutOfScope, NotAllowed):
        raise  # the one scope rule: 404 or 403 (core.middleware.ScopeErrorMiddleware)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已纳入帮扶工作台账：新建%(created)s条，已存在%(skipped)s条。")
            % {"created": len(created), "skipped": len(skipped)},
        )
    query = {"region": prefix, "period": period.pk}
    if request.POST.get("page"):
        query["page"] = request.POST["page"]
    return redirect(f"{reverse('reports:proposals')}?{urlencode(query)}")


@login_required
def at_risk(request):
    where = scope_with_period(request)
    qs = queries.at_risk_of_return(request.user, where.period, where.prefix)
    title = _("有返贫风险的贫困户 %(week)s") % {"week": where.period.label}
    return _assessment_list(request, where, qs, title, export_name="at-risk", audit="reports.atrisk.exported")


@login_required
def period_list(request):
    user = request.user
    prefix = queries.default_prefix(user)
    periods = ReportPeriod.objects.all() if len(prefix) <= 4 else queries.periods_for(prefix).reverse()
    villages = [p for p in user.prefixes_for("reports.change_assessment") if len(p) == LEVEL_DIGITS[5]]
    from fupin.reports.forms import OpenPeriodForm

    return render(
        request,
        "reports/period_list.html",
        {
            "periods": periods[:60],
            "villages": villages,
            "prefix": prefix,
            "can_open": bool(user.prefixes_for("reports.open_period")),
            "form": OpenPeriodForm(),
        },
    )
