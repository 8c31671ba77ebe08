"""Signals: the list, and the three channels (the household's application, a village's screening list,
a department's list)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.listing import Col
from fupin.core.page_links import links_for
from fupin.core.views import add_domain_error, get_object_for_user, requires, run_action, save_form
from fupin.monitoring import filters, forms, importers, queries
from fupin.monitoring.models import Signal
from fupin.monitoring.services import cases, signals
from fupin.monitoring.views.common import CHANGE, IMPORT, TABS, VIEW, list_with_heads


def _signal_columns(names):
    return [
        Col(_("发现日期"), lambda s: s.detected_on, 12, "detected_on"),
        Col(_("户编号"), lambda s: s.household.number, 18, "household__number"),
        Col(_("户主"), lambda s: names.get(s.household_id, ""), 10),
        Col(_("村(居)"), lambda s: s.household.region.name, 12, "region_code"),
        Col(_("发现渠道"), lambda s: s.get_channel_display(), 12, "channel"),
        Col(_("筛查部门"), lambda s: s.get_department_display(), 8),
        Col(_("预警理由"), lambda s: s.reason, 30),
        Col(_("风险类型"), lambda s: s.get_risk_type_display(), 10, "risk_type"),
        Col(_("预警颜色"), lambda s: s.get_colour_display(), 8, "colour"),
        Col(_("状态"), lambda s: s.get_status_display(), 10, "status"),
        Col(
            _("办理"),
            lambda s: _("监测程序 #%(n)d") % {"n": s.case_id} if s.case_id else "",
            12,
            None,
            lambda s: reverse("monitoring:case_detail", args=[s.case_id]) if s.case_id else None,
        ),
    ]


@requires(VIEW)
def signal_list(request):
    qs = queries.signals_visible_to(request.user).select_related("household__region")
    actions = links_for(
        request.user,
        CHANGE,
        ("monitoring:application", _("农户申报")),
        ("monitoring:screening", _("走访排查")),
    ) + links_for(request.user, IMPORT, ("monitoring:department_import", _("导入部门名单")))
    household = request.GET.get("household", "")
    post_actions = []
    if household.isdigit() and request.user.has_scoped_perm(CHANGE):
        url = reverse("monitoring:case_open", args=[int(household)])
        post_actions.append({"url": url, "label": _("启动监测程序")})
    return list_with_heads(
        request,
        queryset=qs,
        filterset_class=filters.SignalFilter,
        columns=_signal_columns,
        title=gettext_lazy("预警信息"),
        filename="monitoring-signals",
        audit_action="monitoring.signal.exported",
        default_sort="-detected_on",
        context={"actions": actions, "post_actions": post_actions, "tabs": TABS},
    )


@requires(CHANGE)
def application(request):
    """农户申报: for a registered household by its 户编号, or for an 边缘户 registered here."""
    edge = request.POST.get("form") == "edge"
    form = forms.ApplicationForm(request.POST if request.method == "POST" and not edge else None)
    edge_form = forms.EdgeHouseholdForm(request.POST if edge else None)
    signal = save_form(
        request,
        edge_form if edge else form,
        lambda data: _apply(request, data, edge),
        lambda signal: _("已登记农户申报（户编号 %(n)s）。") % {"n": signal.household.number},
    )
    if signal:
        return redirect(f"{reverse('monitoring:signal_list')}?household={signal.household_id}")
    return render(
        request, "monitoring/application.html", {"form": form, "edge_form": edge_form, "tabs": TABS}
    )


def _apply(request, data, edge):
    if edge:
        return signals.register_edge_household(by=request.user, **data)
    household = queries.household_for(request.user, number=data.pop("number").strip())
    if household is None:
        raise DomainError(_("找不到该户编号，或不在您的管辖范围内。"), field="number")
    return signals.record_application(household, by=request.user, **data)


@requires(CHANGE)
def screening(request):
    """干部走访排查: the households of one village (`?village=`), the ones found at risk ticked."""
    village = request.GET.get("village", "")
    households = list(queries.village_households_for(request.user, village)) if len(village) == 12 else []
    form = forms.ScreeningListForm(request.POST or None)
    picked = {int(pk) for pk in request.POST.getlist("households") if pk.isdigit()}

    def record_list(data):
        entries = [(h, data["reason"], data["risk_type"]) for h in households if h.pk in picked]
        return signals.record_screening_list(
            by=request.user, region_code=village, entries=entries, on=data["on"]
        )

    if save_form(
        request, form, record_list, lambda made: _("已登记 %(n)d 户走访排查预警。") % {"n": len(made)}
    ):
        return redirect(f"{reverse('monitoring:signal_list')}?channel=screening&region={village}")
    names = queries.household_names([h.pk for h in households])
    rows = [(h, names.get(h.pk, "")) for h in households]
    return render(
        request, "monitoring/screening.html", {"form": form, "village": village, "rows": rows, "tabs": TABS}
    )


@requires(IMPORT)
def department_import(request):
    form = forms.DepartmentImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = importers.import_department_list(
                form.cleaned_data["file"], by=request.user, department=form.cleaned_data["department"]
            )
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            messages.info(request, _("已生成 %(n)d 条预警信息。") % {"n": result.created})
    return render(
        request, "monitoring/department_import.html", {"form": form, "result": result, "tabs": TABS}
    )


@requires(CHANGE)
@require_POST
def signal_dismiss(request, pk):
    signal = get_object_for_user(Signal, request.user, pk=pk)
    run_action(
        request,
        forms.NoteForm(request.POST),
        lambda data: signals.dismiss_signal(signal, by=request.user, note=data["note"]),
        _("已排除该预警信息。"),
    )
    return redirect(f"{reverse('monitoring:signal_list')}?household={signal.household_id}")


@requires(CHANGE)
@require_POST
def case_open(request, household_pk):
    """Start the procedure for a household from its open signals."""
    household = queries.household_for(request.user, pk=household_pk)
    if household is None:
        raise Http404
    case = run_action(
        request,
        forms.NoteForm(request.POST),
        lambda data: cases.open_case(household, by=request.user, note=data["note"]),
        _("已启动监测程序，进入村级评估和民主评议。"),
    )
    if case is None:
        return redirect(f"{reverse('monitoring:signal_list')}?household={household.pk}")
    return redirect("monitoring:case_detail", pk=case.pk)
