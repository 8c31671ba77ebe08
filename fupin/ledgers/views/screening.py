"""Screening pages: household and village checklists, a later pass offers to close the problem items; the
screenings listed with the villages' coverage; the village register (old revolutionary villages, income)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.display import region_name
from fupin.core.errors import DomainError
from fupin.core.exporting import export_response
from fupin.core.form_pages import form_page
from fupin.core.listing import Col, list_page
from fupin.core.views import get_object_for_user, requires, save_form
from fupin.ledgers import queries
from fupin.ledgers import screening as screening_service
from fupin.ledgers.choices import ScreeningScope
from fupin.ledgers.filters import ScreeningFilter, VillageFilter
from fupin.ledgers.forms import (
    HouseholdScreeningForm,
    IncomeForm,
    VillageEditForm,
    VillageForm,
    VillageScreeningForm,
)
from fupin.ledgers.models import LedgerItem, ScreeningCheck, VillageProfile
from fupin.ledgers.views.common import today
from fupin.registry import queries as registry_queries


@requires("ledgers.change_item")
def screen_household(request, household_pk):
    household = get_object_or_404(registry_queries.households_visible_to(request.user), pk=household_pk)
    form = HouseholdScreeningForm(request.POST or None)
    return _screening_page(
        request, form, household, lambda d: {"region_code": household.region_id, "household": household}
    )


def _screening_page(request, form, household, place):
    """The screening form of a household or a village: a valid POST is screened (`place(data)` says where),
    then the check is shown."""
    check = save_form(
        request,
        form,
        lambda d: screening_service.screen(
            by=request.user, results=form.results(), checked_on=d["checked_on"], **place(d)
        ),
        None,
    )
    if check:
        return redirect("ledgers:screening_detail", pk=check.pk)
    return render(request, "ledgers/screening_form.html", {"form": form, "household": household})


@requires("ledgers.change_item")
def screen_village(request):
    form = VillageScreeningForm(
        request.POST or None, initial={"region_code": request.GET.get("region", "")}, user=request.user
    )
    return _screening_page(
        request,
        form,
        None,
        lambda d: {"region_code": d["region_code"], "collective_income": d["collective_income"]},
    )


@login_required
def screening_detail(request, pk):
    check = get_object_for_user(ScreeningCheck.objects.select_related("household"), request.user, pk=pk)
    results = check.results.select_related("ledger_item")
    return render(
        request,
        "ledgers/screening_detail.html",
        {
            "check": check,
            "results": results,
            "closable": screening_service.closable_items(check),
        },
    )


@login_required
@require_POST
def screening_close(request, pk, item_pk):
    """The button a passing screening offers: file the close request with the screening as evidence."""
    check = get_object_for_user(ScreeningCheck, request.user, pk=pk)
    item = get_object_for_user(LedgerItem, request.user, pk=item_pk)
    try:
        screening_service.request_close_from_screening(
            item, check, by=request.user, version=int(request.POST.get("version", item.version))
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已申请销号，排查结果作为佐证材料。"))
    return redirect("ledgers:item_detail", pk=item.pk)


# ---- The screenings listed, with the coverage of the villages ------------------------------------------
TABS = "ledgers/includes/_tabs.html"


def _links(user, permission, *links):
    if not user.has_scoped_perm(permission):
        return []
    return [{"url": reverse(name), "label": label} for name, label in links]


def _screening_columns():
    return [
        Col(
            "#", lambda c: c.pk, 8, sort="id", link=lambda c: reverse("ledgers:screening_detail", args=[c.pk])
        ),
        Col(_("排查日期"), lambda c: c.checked_on, 12, sort="checked_on"),
        Col(_("排查对象"), lambda c: c.get_scope_display(), 10, sort="scope"),
        Col(_("地区"), lambda c: region_name(c.region_code), 16, sort="region_code"),
        Col(_("户编号"), lambda c: c.household.number if c.household_id else "", 18),
        Col(_("未通过项"), _failed_labels, 40),
        Col(_("村级集体可支配收入(元)"), lambda c: c.collective_income, 14, num=True),
    ]


def _failed_labels(check):
    return "、".join(str(r.get_item_display()) for r in check.results.all() if not r.passed)


@requires("ledgers.view_item")
def screening_list(request):
    year = today().year
    return list_page(
        request,
        queryset=ScreeningCheck.objects.visible_to(request.user)
        .select_related("household")
        .prefetch_related("results"),
        filterset_class=ScreeningFilter,
        columns=_screening_columns(),
        default_sort=("-checked_on", "-id"),
        title=_("排查记录"),
        filename="screenings",
        audit_action="ledgers.screeningcheck.exported",
        context={
            "tabs": TABS,
            "above": "ledgers/includes/_screening_coverage.html",
            "coverage": queries.screening_coverage(request.user),
            "coverage_year": queries.screening_coverage(request.user, year),
            "year": year,
            "actions": _links(request.user, "ledgers.change_item", ("ledgers:screen_village", _("村级排查"))),
        },
    )


# ---- The village register (村情登记): old revolutionary villages and collective income by year ---------


def register_years():
    year = today().year
    return [year - 1, year]


def _village_columns(rows):
    years = register_years()
    columns = [
        Col(
            _("村"),
            lambda v: region_name(v.region_code),
            16,
            sort="region_code",
            link=lambda v: reverse("ledgers:village_detail", args=[v.pk]),
        ),
        Col(
            _("革命老区村"),
            lambda v: _("是") if v.old_revolutionary else _("否"),
            10,
            sort="old_revolutionary",
        ),
    ]
    for year in years:
        columns.append(
            Col(
                _("%(year)s年集体收入(元)") % {"year": year},
                lambda v, y=year: rows()[v.pk]["incomes"].get(y),
                16,
                num=True,
            )
        )
    columns += [
        Col(_("饮水难 未销号/已销号"), lambda v: "{} / {}".format(*rows()[v.pk]["water"]), 14),
        Col(_("行路难 未销号/已销号"), lambda v: "{} / {}".format(*rows()[v.pk]["road"]), 14),
        Col(_("备注"), lambda v: v.note, 20),
    ]
    return columns


class _RegisterRows:
    """The incomes and item counts of the villages on the page (or in the export), read once."""

    def __init__(self, user):
        self.user, self.rows = user, {}

    def load(self, villages):
        villages = [v for v in villages if v.pk not in self.rows]
        if villages:
            items = LedgerItem.objects.visible_to(self.user)
            self.rows.update(queries.village_register(villages, items, register_years()))
        return self.rows


@requires("ledgers.view_item")
def village_list(request):
    register = _RegisterRows(request.user)
    qs = VillageProfile.objects.visible_to(request.user)

    def rows():
        return register.rows

    def decorate(villages):
        villages = list(villages)
        register.load(villages)
        return villages

    def export(export_qs, fmt):
        villages = list(export_qs)
        register.load(villages)
        return export_rows(request, villages, _village_columns(rows), fmt)

    return list_page(
        request,
        queryset=qs,
        filterset_class=VillageFilter,
        columns=_village_columns(rows),
        default_sort=("region_code",),
        title=_("村情登记"),
        filename="villages",
        audit_action="ledgers.villageprofile.exported",
        decorate=decorate,
        export=export,
        context={
            "tabs": TABS,
            "above": "ledgers/includes/_old_base_progress.html",
            "progress": queries.old_revolutionary_progress(request.user),
            "actions": _links(
                request.user, "ledgers.manage_supervision", ("ledgers:village_create", _("登记村"))
            ),
        },
    )


def export_rows(request, villages, columns, fmt):
    return export_response(
        request,
        title=str(_("村情登记")),
        columns=[(str(c.header), c.width) for c in columns],
        rows=([_plain(c.value(v)) for c in columns] for v in villages),
        filename="villages",
        fmt=fmt,
        audit_action="ledgers.villageprofile.exported",
        filters=request.GET,
    )


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value if value is None or isinstance(value, int | float | str) else str(value)


@requires("ledgers.manage_supervision")
def village_create(request):
    return form_page(
        request,
        VillageForm(request.POST or None, user=request.user),
        lambda d: screening_service.register_village(by=request.user, **d),
        success=_("已登记。"),
        title=_("登记村"),
        next_url=lambda village: reverse("ledgers:village_detail", args=[village.pk]),
        template="ledgers/village_form.html",
    )


@login_required
def village_detail(request, pk):
    village = get_object_for_user(VillageProfile, request.user, pk=pk)
    edit_form = VillageEditForm(
        request.POST if "edit" in request.POST else None,
        instance=village,
        initial={"version": village.version},
    )
    income_form = IncomeForm(request.POST if "income" in request.POST else None)
    if "edit" in request.POST and save_form(
        request,
        edit_form,
        lambda d: screening_service.update_village(village, by=request.user, **d),
        _("已保存。"),
    ):
        return redirect("ledgers:village_detail", pk=pk)
    if "income" in request.POST and save_form(
        request,
        income_form,
        lambda d: screening_service.record_collective_income(
            by=request.user, region_code=village.region_code, **d
        ),
        _("集体收入已登记。"),
    ):
        return redirect("ledgers:village_detail", pk=pk)
    items = queries.old_base_items(LedgerItem.objects.visible_to(request.user), [village.region_code])
    return render(
        request,
        "ledgers/village_detail.html",
        {
            "village": village,
            "incomes": village.incomes.order_by("-year"),
            "items": items.order_by("deadline", "id"),
            "screenings": ScreeningCheck.objects.visible_to(request.user).filter(
                region_code=village.region_code, scope=ScreeningScope.VILLAGE
            )[:20],
            "edit_form": edit_form,
            "income_form": income_form,
            "can_manage": request.user.has_scoped_perm("ledgers.manage_supervision", village.region_code),
            "can_change": request.user.has_scoped_perm("ledgers.change_item", village.region_code),
            "can_add_item": request.user.has_scoped_perm("ledgers.create_item", village.region_code),
        },
    )
