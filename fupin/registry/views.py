"""Pages of the household registry: list, export, detail, history and the edit forms."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.exporting import export_response
from fupin.core.listing import EXPORT_FORMATS, Col, list_page, old_spelling_redirect, paginate
from fupin.core.masking import mask_id_number, mask_phone
from fupin.core.scope import check_anywhere, check_scope
from fupin.core.views import get_object_for_user, save_form
from fupin.registry import queries, services
from fupin.registry.filters import DEFAULT_ORDER, INDEX_SORTS, HouseholdFilter
from fupin.registry.forms import HouseholdForm, HouseholdStatusForm, MemberForm, RemoveMemberForm
from fupin.registry.models import Household, Member

PAGE_SIZE = 25
EXPORT = "registry.export_household"


def _require(user, permission, region_code=None):
    """The one scope rule (core.scope): 404 for a region outside the user's, 403 for a missing right."""
    if region_code is None:
        check_anywhere(user, permission)
    else:
        check_scope(user, permission, region_code)


def _page_columns():
    """The list's columns: their headers, and the `?sort=` key of the sortable ones."""
    return [
        Col(_("户编号"), lambda h: h.number, sort="number"),
        Col(_("所在村"), lambda h: h.region.name, sort="region"),
        Col(_("户主"), lambda h: h.head_name),
        Col(_("户主身份证号"), lambda h: mask_id_number(h.head_id_number)),
        Col(_("人口"), lambda h: h.member_count, num=True),
        Col(_("贫困户属性"), lambda h: h.get_category_display()),
        Col(_("脱贫状态"), lambda h: h.get_status_display(), sort="status"),
        Col(_("主要致贫原因"), lambda h: h.get_main_cause_display()),
        Col(_("识别年度"), lambda h: h.year_identified, sort="year_identified", num=True),
        Col(_("年人均纯收入"), lambda h: h.income_per_capita, sort="income", num=True),
        Col(_("住房"), lambda h: h.housing_grade),
        Col(_("饮水"), lambda h: h.water_safe),
    ]


# `?sort=` keys whose field has another name (the API's `?ordering=` uses the same keys).
SORTS = {"region": ("region_id",), "income": ("income_per_capita",)}


@login_required
def household_list(request):
    user = request.user
    _require(user, EXPORT if request.GET.get("export") in EXPORT_FORMATS else services.VIEW)
    return list_page(
        request,
        queryset=queries.with_head_and_size(
            Household.objects.visible_to(
                user, sorted_by_index=request.GET.get("sort", "").lstrip("-") in INDEX_SORTS
            ).select_related("region")
        ),
        export_queryset=Household.objects.visible_to(user, EXPORT),
        filterset_class=HouseholdFilter,
        filter_kwargs={"user": user},
        columns=_page_columns(),
        sorts=SORTS,
        default_sort=DEFAULT_ORDER,
        per_page=PAGE_SIZE,
        title=_("建档立卡贫困户"),
        filename="households",
        export=lambda qs, fmt: _household_export(request, qs, fmt),
        template="registry/household_list.html",
        context={
            "can_create": user.has_scoped_perm(services.CHANGE),
            "can_export": user.has_scoped_perm(EXPORT),
        },
    )


def _export_columns():
    return [
        (_("户编号"), 18),
        (_("县(市、区)"), 12),
        (_("镇(街)"), 12),
        (_("村(居)"), 14),
        (_("户主姓名"), 10),
        (_("户主身份证号"), 21),
        (_("家庭人口"), 8),
        (_("贫困户属性"), 14),
        (_("脱贫状态"), 10),
        (_("脱贫状态代码(aar010)"), 10),
        (_("监测对象标识"), 12),
        (_("主要致贫原因"), 14),
        (_("其他致贫原因"), 18),
        (_("识别年度"), 8),
        (_("脱贫年度"), 8),
        (_("年人均纯收入(元)"), 14),
        (_("住房安全等级"), 14),
        (_("饮水安全"), 8),
        (_("联系电话"), 14),
        (_("帮扶责任人"), 10),
        (_("住址"), 24),
    ]


def _export_rows(households):
    """One row per household; IDs and phones masked as in every list."""
    names = queries.county_and_town_names()
    yes, no = _("是"), _("否")
    for h in households.iterator(chunk_size=2000):
        county, town = names.get(h.region_id[:6], ""), names.get(h.region_id[:9], "")
        yield [
            h.number,
            county,
            town,
            h.region.name,
            h.head_name or "",
            mask_id_number(h.head_id_number),
            h.member_count,
            h.get_category_display(),
            h.get_status_display(),
            h.status,
            h.get_monitoring_mark_display(),
            h.get_main_cause_display(),
            "、".join(str(x) for x in (h.get_other_cause_1_display(), h.get_other_cause_2_display()) if x),
            h.year_identified,
            h.year_exited or "",
            float(h.income_per_capita),
            h.get_housing_grade_display(),
            yes if h.water_safe else no,
            mask_phone(h.phone),
            h.cadre_name,
            h.address,
        ]


@login_required
def household_export(request):
    """The export's former URL: the list with `?export=` (xlsx unless `?format=csv`)."""
    return old_spelling_redirect(request, path=reverse("registry:household_list"))


def _household_export(request, filtered, fmt):
    home = request.user.home_region
    filters = {k: v for k, v in request.GET.items() if v and k not in ("page", "export")}
    return export_response(
        request,
        title=_("建档立卡贫困户花名册"),
        columns=_export_columns(),
        rows=_export_rows(queries.households_for_export(filtered)),
        filename="households",
        fmt=fmt,
        audit_action="registry.household.exported",
        region_code=filters.get("region", "") or (home.code if home else ""),
        filters=filters,
    )


def _household_context(request, household, tab):
    return {
        "household": household,
        "tab": tab,
        "can_change": request.user.has_scoped_perm(services.CHANGE, household.region_id),
        "perms_ledgers": request.user.has_scoped_perm("ledgers.view_item", household.region_id),
        "region_path": household.region.ancestors(),
    }


@login_required
def household_detail(request, pk):
    household = get_object_for_user(Household.objects.select_related("region"), request.user, pk=pk)
    context = _household_context(request, household, "members")
    context.update(
        members=queries.household_members(household),
        status_changes=queries.status_changes(household)[:20],
        can_view_full_id=request.user.has_scoped_perm(services.FULL_ID, household.region_id),
    )
    return render(request, "registry/household_detail.html", context)


@login_required
def household_history(request, pk):
    household = get_object_for_user(Household.objects.select_related("region"), request.user, pk=pk)
    context = _household_context(request, household, "history")
    context["page"] = paginate(request, queries.household_history(household), 50)
    return render(request, "registry/household_history.html", context)


@login_required
def member_history(request, pk):
    """One member's entries, with the household import entry that created the member."""
    member = get_object_for_user(Member.objects.select_related("household__region"), request.user, pk=pk)
    context = _household_context(request, member.household, "history")
    context["member"] = member
    context["page"] = paginate(request, queries.member_history(member), 50)
    return render(request, "registry/member_history.html", context)


@login_required
@require_POST
def member_full_id(request, pk):
    """Reveal one member's full resident ID (htmx fragment); each reveal is audited."""
    member = get_object_for_user(Member, request.user, pk=pk)
    _require(request.user, services.FULL_ID, member.region_code)
    services.record_full_id_view(member, by=request.user)
    return HttpResponse(format_html('<code class="full-id">{}</code>', member.id_number))


@login_required
def household_create(request):
    _require(request.user, services.CHANGE)
    form = HouseholdForm(request.POST or None, user=request.user)
    household = save_form(
        request,
        form,
        lambda _data: services.register_household(by=request.user, **form.changed_values()),
        lambda created: _("已登记贫困户 %(n)s，请添加户主。") % {"n": created.number},
    )
    if household:
        return redirect("registry:member_create", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "household": None})


def _changeable(request, queryset, pk):
    """The household or member if the user may see it (else 404) and change it there (else 403)."""
    record = get_object_for_user(queryset, request.user, pk=pk)
    _require(request.user, services.CHANGE, record.region_code)
    return record


def _changeable_household(request, pk):
    return _changeable(request, Household.objects.select_related("region"), pk)


@login_required
def household_edit(request, pk):
    household = _changeable_household(request, pk)
    form = HouseholdForm(request.POST or None, instance=copy.copy(household), user=request.user)
    form.fields["version"].required = True

    def update(data):
        return services.update_household(
            household, by=request.user, version=data["version"], **form.changed_values()
        )

    if save_form(request, form, update, _("已保存。")):
        return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "household": household})


@login_required
def household_status(request, pk):
    household = _changeable_household(request, pk)
    form = HouseholdStatusForm(request.POST or None, household=household)
    changed = save_form(
        request,
        form,
        lambda data: services.change_household_status(household, by=request.user, **data),
        lambda saved: _("脱贫状态已变更为“%(s)s”。") % {"s": saved.get_status_display()},
    )
    if changed:
        return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_status_form.html", {"form": form, "household": household})


def _member_saved(request, text):
    """The success message of a member form as save_form takes it, after the service's warnings."""

    def message(member):
        for warning in getattr(member, "warnings", []):
            messages.warning(request, warning)
        return text % {"name": member.name}

    return message


@login_required
def member_create(request, pk):
    household = _changeable_household(request, pk)
    initial = {} if household.members.exists() else {"relation": "01"}
    form = MemberForm(request.POST or None, initial=initial)
    added = save_form(
        request,
        form,
        lambda _data: services.add_member(household, by=request.user, **form.changed_values()),
        _member_saved(request, _("已添加成员 %(name)s。")),
    )
    if added:
        return redirect("registry:household_detail", pk=household.pk)
    return render(
        request, "registry/member_form.html", {"form": form, "household": household, "member": None}
    )


def _changeable_member(request, pk):
    return _changeable(request, Member.objects.select_related("household"), pk)


@login_required
def member_edit(request, pk):
    member = _changeable_member(request, pk)
    show_full_id = request.user.has_scoped_perm(services.FULL_ID, member.region_code)
    form = MemberForm(request.POST or None, instance=copy.copy(member), show_full_id=show_full_id)
    form.fields["version"].required = True
    if request.method == "GET" and show_full_id:
        services.record_full_id_view(member, by=request.user)
    saved = save_form(
        request,
        form,
        lambda data: services.update_member(
            member, by=request.user, version=data["version"], **form.changed_values()
        ),
        _member_saved(request, _("已保存成员 %(name)s 的信息。")),
    )
    if saved:
        return redirect("registry:household_detail", pk=member.household_id)
    context = {"form": form, "household": member.household, "member": member}
    return render(request, "registry/member_form.html", context)


@login_required
def member_remove(request, pk):
    member = _changeable_member(request, pk)
    form = RemoveMemberForm(request.POST or None)
    removed = save_form(
        request,
        form,
        lambda data: services.remove_member(member, by=request.user, reason=data["reason"]),
        _("已移除成员 %(name)s。") % {"name": member.name},
    )
    if removed:
        return redirect("registry:household_detail", pk=member.household_id)
    context = {"form": form, "household": member.household, "member": member}
    return render(request, "registry/member_remove.html", context)
