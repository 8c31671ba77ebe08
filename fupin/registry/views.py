"""Pages of the household registry: list, export, detail, history and the edit forms."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.core.errors import DomainError
from fupin.core.listing import EXPORT_FORMATS, old_spelling_redirect, paginate
from fupin.core.masking import mask_id_number, mask_phone
from fupin.core.views import add_domain_error, get_object_for_user, save_form
from fupin.registry import queries, services
from fupin.registry.filters import DEFAULT_ORDER, HouseholdFilter
from fupin.registry.forms import HouseholdForm, HouseholdStatusForm, MemberForm, RemoveMemberForm
from fupin.registry.models import Household, Member

PAGE_SIZE = 25
SORT_KEYS = ["number", "region", "status", "income", "year_identified"]


def _require(user, permission, region_code=None):
    if not user.has_scoped_perm(permission, region_code):
        raise PermissionDenied


def _sort_links(request, current):
    """For each sortable column: the URL that sorts by it (toggling the direction) and its arrow."""
    links = {}
    for key in SORT_KEYS:
        params = request.GET.copy()
        params.pop("page", None)
        descending = current == key
        params["sort"] = f"-{key}" if descending else key
        arrow = "▲" if current == key else "▼" if current == f"-{key}" else ""
        links[key] = {"url": "?" + params.urlencode(), "arrow": arrow}
    return links


@login_required
def household_list(request):
    moved = old_spelling_redirect(request)
    if moved:
        return moved
    if request.GET.get("export") in EXPORT_FORMATS:
        return _household_export(request)
    user = request.user
    _require(user, services.VIEW)
    filterset = HouseholdFilter(_filter_data(request), queryset=Household.objects.visible_to(user), user=user)
    households = filterset.qs.select_related("region")
    households = households.order_by(*(households.query.order_by or DEFAULT_ORDER[:-1]), "pk")
    page = paginate(request, queries.with_head_and_size(households), PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "querystring": params.urlencode(),
        "sort": _sort_links(request, request.GET.get("sort", "")),
        "can_create": user.has_scoped_perm(services.CHANGE),
        "can_export": user.has_scoped_perm("registry.export_household"),
    }
    return render(request, "registry/household_list.html", context)


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


def _filter_data(request):
    """The list's parameters for the FilterSet: the page's `?sort=` is the FilterSet's ordering field (the
    API keeps DRF's `?ordering=`)."""
    data = request.GET.copy()
    data.pop("ordering", None)
    if data.get("sort"):
        data["ordering"] = data["sort"]
    return data or None


@login_required
def household_export(request):
    """The export's former URL: the list with `?export=` (xlsx unless `?format=csv`)."""
    return old_spelling_redirect(request, path=reverse("registry:household_list"))


def _household_export(request):
    from fupin.core.exporting import export_response

    user = request.user
    _require(user, "registry.export_household")
    scoped = Household.objects.visible_to(user, "registry.export_household")
    filterset = HouseholdFilter(_filter_data(request), queryset=scoped, request=request)
    households = queries.households_for_export(filterset.qs)
    home = user.home_region
    filters = {k: v for k, v in request.GET.items() if v and k not in ("page", "export")}
    return export_response(
        request,
        title=_("建档立卡贫困户花名册"),
        columns=_export_columns(),
        rows=_export_rows(households),
        filename="households",
        fmt=request.GET["export"],
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


def _changeable_household(request, pk):
    household = get_object_for_user(Household.objects.select_related("region"), request.user, pk=pk)
    _require(request.user, services.CHANGE, household.region_id)
    return household


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


def _show_warnings(request, member):
    for warning in getattr(member, "warnings", []):
        messages.warning(request, warning)


@login_required
def member_create(request, pk):
    household = _changeable_household(request, pk)
    initial = {} if household.members.exists() else {"relation": "01"}
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.changed_values()
        try:
            member = services.add_member(household, by=request.user, **values)
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            _show_warnings(request, member)
            messages.success(request, _("已添加成员 %(name)s。") % {"name": member.name})
            return redirect("registry:household_detail", pk=household.pk)
    return render(
        request, "registry/member_form.html", {"form": form, "household": household, "member": None}
    )


def _changeable_member(request, pk):
    member = get_object_for_user(Member.objects.select_related("household"), request.user, pk=pk)
    _require(request.user, services.CHANGE, member.region_code)
    return member


@login_required
def member_edit(request, pk):
    member = _changeable_member(request, pk)
    show_full_id = request.user.has_scoped_perm(services.FULL_ID, member.region_code)
    form = MemberForm(request.POST or None, instance=copy.copy(member), show_full_id=show_full_id)
    form.fields["version"].required = True
    if request.method == "GET" and show_full_id:
        services.record_full_id_view(member, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(
                member, by=request.user, version=form.cleaned_data["version"], **form.changed_values()
            )
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            _show_warnings(request, member)
            messages.success(request, _("已保存成员 %(name)s 的信息。") % {"name": member.name})
            return redirect("registry:household_detail", pk=member.household_id)
    context = {"form": form, "household": member.household, "member": member}
    return render(request, "registry/member_form.html", context)


@login_required
def member_remove(request, pk):
    member = _changeable_member(request, pk)
    form = RemoveMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_member(member, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_domain_error(request, form, exc)
        else:
            messages.success(request, _("已移除成员 %(name)s。") % {"name": member.name})
            return redirect("registry:household_detail", pk=member.household_id)
    context = {"form": form, "household": member.household, "member": member}
    return render(request, "registry/member_remove.html", context)
