"""Pages of the cooperation app: the board, indicators with their entries and confirmation, the pairings,
the monthly entries to approve, 天等's exit checklist, the assessment table (xlsx, print, PDF)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.cooperation import exporters, filters, forms, queries, services, workflow
from fupin.cooperation.choices import ConfirmState, Light
from fupin.cooperation.models import VIEW, EntryFile, ExitCriterion, Indicator, IndicatorEntry, Pairing
from fupin.core.attachments import attachment_response
from fupin.core.display import region_name
from fupin.core.exporting import _default_unit
from fupin.core.form_pages import form_page, versioned_update
from fupin.core.listing import Col, field_columns, list_page
from fupin.core.page_links import links_for, url_of
from fupin.core.pdf import pdf_response
from fupin.core.views import requires, run_action

TABS = "cooperation/includes/_tabs.html"
YEAR = 2020


def _year(request):
    try:
        year = int(request.GET.get("year") or YEAR)
    except ValueError:
        return YEAR
    return year if 2016 <= year <= 2030 else YEAR


def _chart(board):
    """Figures of the board's two charts: share of target per indicator (by county), approved entries by month."""
    return {
        "counties": [
            {
                "name": region_name(c["code"]),
                "labels": [r["indicator"].name for r in c["rows"]],
                "shares": [round(float(r["share"] or 0) * 100, 1) for r in c["rows"]],
                "lights": [r["light"] for r in c["rows"]],
            }
            for c in board["counties"]
        ],
        "months": [f"{t['month']}" for t in board["trend"]],
        "trend": [float(t["value"]) for t in board["trend"]],
    }


@requires(VIEW)
def home(request):
    year = _year(request)
    board = queries.board(request.user, year)
    return render(
        request,
        "cooperation/home.html",
        {
            "board": board,
            "chart": _chart(board),
            "follow_up": queries.follow_up(request.user, year),
            "waiting": queries.entries_waiting(request.user).select_related("indicator")[:20],
            "year": year,
            "lights": Light,
        },
    )


def _list(request, filterset_class, columns, default_sort, *, filename, related=(), create=None):
    """A cooperation list (`core.listing.list_page`) of `filterset_class`'s model as the user reads it from
    either side (`queries.visible`), titled by the model's name; `create` is the (URL name, label) of the page
    that adds one, linked for those who manage."""
    model = filterset_class._meta.model
    actions = links_for(request.user, services.MANAGE, create) if create else []
    return list_page(
        request,
        queryset=queries.visible(model, request.user).select_related(*related),
        filterset_class=filterset_class,
        columns=columns,
        tabs=TABS,
        title=model._meta.verbose_name,
        filename=filename,
        default_sort=default_sort,
        context={"actions": actions},
    )


def _county_column():
    return Col(_("县(市、区)"), lambda o: region_name(o.region_code), 10, "region_code")


def indicator_columns():
    return field_columns(
        Indicator,
        _county_column(),
        "area name unit target deadline rule responsible year",
        links={"name": url_of("cooperation:indicator_detail", lambda o: o.pk)},
    )


@requires(VIEW)
def indicator_list(request):
    create = ("cooperation:indicator_create", _("新增指标"))
    return _list(
        request,
        filters.IndicatorFilter,
        indicator_columns(),
        ("region_code", "area"),
        filename="cooperation-indicators",
        create=create,
    )


@requires(services.MANAGE)
def indicator_create(request):
    return _create_page(
        request,
        forms.IndicatorForm,
        services.create_indicator,
        success=_("指标已保存。"),
        title=_("新增协议指标"),
        next_url=lambda i: reverse("cooperation:indicator_detail", args=[i.pk]),
    )


def _indicator_post(request, indicator):
    action, user = request.POST.get("action"), request.user
    if action == "confirm":
        form = forms.VersionForm(request.POST)
        return run_action(
            request, form, lambda d: services.confirm_indicator(indicator, by=user, **d), _("已确认该数据。")
        )
    if action == "enter":
        form = forms.EntryForm(request.POST)
        return run_action(
            request, form, lambda d: services.enter_entry(indicator, by=user, **d), _("月报已保存为草稿。")
        )
    raise Http404


@requires(VIEW)
def indicator_detail(request, pk):
    indicator = queries.get_visible(Indicator, request.user, pk=pk)
    if request.method == "POST":
        entry = _indicator_post(request, indicator)
        if isinstance(entry, IndicatorEntry):
            return redirect("cooperation:entry_detail", pk=entry.pk)
        return redirect("cooperation:indicator_detail", pk=pk)
    user = request.user
    reading = queries.reading_of(indicator)
    return render(
        request,
        "cooperation/indicator_detail.html",
        {
            "indicator": indicator,
            "reading": reading,
            "pending": reading["confirm"] == ConfirmState.PENDING,
            "can_confirm": reading["confirm"]
            in (ConfirmState.PENDING, ConfirmState.CONFIRMED, ConfirmState.DEEMED)
            and user.has_scoped_perm(services.CONFIRM, indicator.region_code),
            "can_enter": indicator.rule == "entered" and user.has_scoped_perm(services.ENTER),
            "can_manage": user.has_scoped_perm(services.MANAGE, indicator.helper_code),
            "entry_form": forms.EntryForm(),
            "entries": queries.visible(IndicatorEntry, user).filter(indicator=indicator).order_by("-month"),
            "drill": _drill(indicator, user),
            "trend": queries.indicator_trend(indicator),
        },
    )


def _drill(indicator, user):
    found = queries.drill(indicator, user)
    return {"kind": found[0], "records": list(found[1][:100])} if found else None


@requires(VIEW)
def entry_list(request):
    cols = field_columns(
        IndicatorEntry,
        _county_column(),
        "indicator__name",
        Col(_("月份"), lambda o: o.month.strftime("%Y-%m"), 8, "month"),
        "value status submitted_on",
        headers={"indicator__name": _("协议指标")},
        links={"indicator__name": url_of("cooperation:entry_detail", lambda o: o.pk)},
    )
    return _list(
        request, filters.EntryFilter, cols, "-month", filename="cooperation-entries", related=["indicator"]
    )


@requires(VIEW)
def entry_detail(request, pk):
    entry = queries.get_visible(IndicatorEntry, request.user, pk=pk)
    if request.method == "POST":
        form = forms.MoveForm(request.POST)
        run_action(
            request,
            form,
            lambda d: services.move_entry(
                entry, by=request.user, version=d["version"], action=d["move"], reason=d["reason"]
            ),
            _("月报状态已更新。"),
        )
        return redirect("cooperation:entry_detail", pk=pk)
    user = request.user
    moves = [
        a for a in workflow.actions_from(entry.status) if user.has_scoped_perm(workflow.TRANSITIONS[a][2])
    ]
    context = {
        "entry": entry,
        "moves": moves,
        "files": queries.visible(EntryFile, user).filter(entry=entry).select_related("by"),
        "can_add_file": entry.status in workflow.EDITABLE and user.has_scoped_perm(services.ENTER),
        "file_form": forms.EntryFileForm(),
    }
    return render(request, "cooperation/entry_detail.html", context)


@requires(VIEW)
@require_POST
def entry_file_add(request, pk):
    """Upload a file of evidence to an entry (the size gate: `fupin.core.uploads.ROUTE_KINDS`)."""
    entry = queries.get_visible(IndicatorEntry, request.user, pk=pk)
    form = forms.EntryFileForm(request.POST, request.FILES)
    run_action(
        request,
        form,
        lambda d: services.add_entry_file(entry, by=request.user, upload=d["file"]),
        _("佐证文件已上传。"),
    )
    return redirect("cooperation:entry_detail", pk=pk)


@requires(VIEW)
def entry_file_download(request, pk):
    """A file is served only here, to those who may read its entry (404 otherwise); never from MEDIA_URL."""
    attached = queries.get_visible(EntryFile, request.user, pk=pk)
    return attachment_response(attached.file, attached.original_name)


@requires(VIEW)
def pairing_list(request):
    cols = field_columns(
        Pairing,
        "kind",
        Col(_("受帮扶地区"), lambda o: region_name(o.region_code), 14, "region_code"),
        Col(_("帮扶方地区"), lambda o: region_name(o.helper_code), 10, "helper_code"),
        "helper_unit enterprise gift gift_note year",
    )
    if request.user.has_scoped_perm(services.MANAGE):
        cols.append(
            Col(_("操作"), lambda o: _("修改"), 6, None, url_of("cooperation:pairing_edit", lambda o: o.pk))
        )
    create = ("cooperation:pairing_create", _("新增结对"))
    return _list(
        request,
        filters.PairingFilter,
        cols,
        ("region_code", "kind"),
        filename="cooperation-pairings",
        create=create,
    )


@requires(services.MANAGE)
def pairing_create(request):
    return _create_page(
        request,
        forms.PairingForm,
        services.create_pairing,
        success=_("结对关系已保存。"),
        title=_("新增结对关系"),
        next_url=lambda _p: reverse("cooperation:pairing_list"),
    )


def _create_page(request, form_class, service, *, success, title, next_url):
    """A new record's form saved through its create service, then `next_url(record)`."""
    form = form_class(request.POST or None)

    def save(data):
        return service(by=request.user, **data)

    return form_page(request, form, save, success=success, title=title, next_url=next_url, tabs=TABS)


def _edit_page(request, obj, form_class, service, *, title, next_url):
    """A record's edit form (its fields as they read, with the version they were read at) saved through its
    update service, then `next_url`."""
    initial = {name: getattr(obj, name) for name in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    save = versioned_update(service, obj, by=request.user)
    return form_page(
        request, form, save, success=_("已保存。"), title=title, next_url=lambda _o: next_url, tabs=TABS
    )


@requires(services.MANAGE)
def pairing_edit(request, pk):
    pairing = queries.get_visible(Pairing, request.user, pk=pk)
    return _edit_page(
        request,
        pairing,
        forms.PairingEditForm,
        services.update_pairing,
        title=_("修改结对关系"),
        next_url=reverse("cooperation:pairing_list"),
    )


@requires(services.MANAGE)
def indicator_edit(request, pk):
    indicator = queries.get_visible(Indicator, request.user, pk=pk)
    return _edit_page(
        request,
        indicator,
        forms.IndicatorEditForm,
        services.update_indicator,
        title=_("修改协议指标"),
        next_url=reverse("cooperation:indicator_detail", args=[indicator.pk]),
    )


@requires(VIEW)
def exit_checklist(request):
    user = request.user
    counties = [
        {
            "code": code,
            "criteria": queries.exit_checklist(user, code),
            "figures": queries.exit_figures(user, code),
            "can_check": user.has_scoped_perm(services.CHECK),
        }
        for code in queries.exit_counties(user)
    ]
    return render(request, "cooperation/exit_checklist.html", {"counties": counties})


@requires(VIEW)
def criterion_check(request, pk):
    criterion = queries.get_visible(ExitCriterion, request.user, pk=pk)
    if request.method != "POST":
        return redirect("cooperation:exit_checklist")
    form = forms.CheckForm(request.POST)
    run_action(
        request,
        form,
        lambda d: services.check_criterion(criterion, by=request.user, **d),
        _("已核验该退出指标。"),
    )
    return redirect("cooperation:exit_checklist")


@requires(VIEW)
def assessment(request):
    """The year-end assessment table: the page (printable), `?export=xlsx` in the assessors' form, `?export=pdf`."""
    year = _year(request)
    readings = queries.readings(
        queries.visible(Indicator, request.user).filter(year=year).order_by("region_code", "area", "id")
    )
    fmt = request.GET.get("export")
    if fmt == "xlsx":
        return exporters.assessment_response(
            request, readings, year=year, unit_name=_default_unit(request.user)
        )
    counties = exporters_by_county(readings)
    title = _("%(year)s年东西部扶贫协作考核表") % {"year": year}
    if fmt == "pdf":
        return pdf_response(
            request,
            template="cooperation/assessment_pdf.html",
            context={"counties": counties},
            title=title,
            filename="cooperation-assessment",
            audit_action="cooperation.indicator.exported",
            permission=VIEW,
        )
    context = {"counties": counties, "title": title, "year": year, "today": timezone.localdate()}
    return render(request, "cooperation/assessment.html", context)


def exporters_by_county(readings):
    out = {}
    for r in readings:
        code = queries.county_prefix(r["indicator"].region_code).ljust(12, "0")
        out.setdefault(code, {"code": code, "rows": []})["rows"].append(r)
    return list(out.values())
