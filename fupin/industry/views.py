"""Pages of the industry app: the board, projects with their households and money, household industries,
the village's to-do list and the leading industries."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.display import region_name
from fupin.core.form_pages import form_page
from fupin.core.listing import Col, form_above, list_page, region_column, save_from_list
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, require_perm, run_action
from fupin.industry import filters, forms, queries, services, workflow
from fupin.industry.models import HouseholdIndustry, LeadingIndustry, Project
from fupin.registry.queries import household_numbered

VIEW, CHANGE = "industry.view_project", "industry.change_project"
TABS = "industry/includes/_tabs.html"
CHECK_INPUT = gettext_lazy("请检查填写的内容。")


@login_required
def home(request):
    require_perm(request.user, VIEW)
    user = request.user
    return render(
        request,
        "industry/home.html",
        {
            "coverage": queries.coverage(user),
            "by_status": queries.projects_by_status(user),
            "lifted": queries.households_lifted(user),
            "resumption": queries.project_resumption(user),
            "leading": queries.leading_industries(user)[:20],
            "projects": Project.objects.visible_to(user).select_related("operator")[:10],
        },
    )


@login_required
def project_list(request):
    require_perm(request.user, VIEW)
    qs = Project.objects.visible_to(request.user).select_related("operator")
    cols = [
        Col(
            _("项目名称"),
            lambda o: o.name,
            24,
            "name",
            lambda o: reverse("industry:project_detail", args=[o.pk]),
        ),
        Col(_("产业类别"), lambda o: o.get_kind_display(), 8, "kind"),
        Col(_("经营模式"), lambda o: o.get_business_model_display(), 16, "business_model"),
        Col(_("带贫模式"), lambda o: o.get_link_mode_display(), 10, "link_mode"),
        Col(_("经营主体"), lambda o: o.operator.name, 20, "operator__name"),
        region_column(),
        Col(_("状态"), lambda o: o.get_status_display(), 8, "status"),
        Col(_("项目预算(元)"), lambda o: o.budget, 12, "budget", num=True),
        Col(_("已拨付(元)"), lambda o: o.funded, 12, "funded", num=True),
        Col(_("申报日期"), lambda o: o.declared_on, 12, "declared_on"),
    ]
    actions = links_for(request.user, CHANGE, ("industry:project_create", _("申报项目")))
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.ProjectFilter,
        columns=cols,
        tabs=TABS,
        title=gettext_lazy("产业项目"),
        filename="industry-projects",
        default_sort="-declared_on",
        context={"actions": actions},
    )


@login_required
def project_create(request):
    require_perm(request.user, CHANGE)
    form = forms.ProjectForm(request.POST or None, operators=queries.operators_visible_to(request.user))
    return form_page(
        request,
        form,
        lambda data: services.register_project(by=request.user, **data),
        success=_("项目已申报。"),
        title=_("申报产业项目"),
        next_url=lambda project: reverse("industry:project_detail", args=[project.pk]),
        template="industry/form.html",
    )


def _project_post(request, project):
    """The actions of a project's page: link a household, pay from an allocation, move along the workflow."""
    action, user = request.POST.get("action"), request.user
    if action == "link":
        form, success = forms.LinkForm(request.POST), _("已添加带动户。")

        def save(data):
            household = household_numbered(user, data["household"])
            amount = data["amount"] or 0
            return services.link_household(
                project, by=user, household=household, benefit=data["benefit"], amount=amount
            )
    elif action == "fund":
        form = forms.FundForm(request.POST, allocations=queries.allocations_for_projects(user))
        success = _("资金已拨付。")

        def save(data):
            return services.fund_project(project, by=user, **data)
    elif action == "move":
        form, success = forms.MoveForm(request.POST), _("项目状态已更新。")

        def save(data):
            return services.move_project(project, by=user, version=data["version"], action=data["move"])
    else:
        raise Http404
    run_action(request, form, save, success, invalid=CHECK_INPUT)


@login_required
def project_detail(request, pk):
    require_perm(request.user, VIEW)
    project = get_object_for_user(Project.objects.select_related("operator"), request.user, pk=pk)
    if request.method == "POST":
        _project_post(request, project)
        return redirect("industry:project_detail", pk=pk)
    user = request.user
    can_change = user.has_scoped_perm(CHANGE, project.region_code)
    return render(
        request,
        "industry/project_detail.html",
        {
            "project": project,
            "figures": queries.project_figures(project),
            "links": project.households.visible_to(user).select_related("household"),
            "fundings": project.fundings.visible_to(user).select_related("disbursement"),
            "moves": [(a, workflow.TRANSITIONS[a]) for a in workflow.actions_from(project.status)],
            "can_change": can_change,
            "link_form": forms.LinkForm() if can_change else None,
            "fund_form": forms.FundForm(allocations=queries.allocations_for_projects(user))
            if can_change
            else None,
        },
    )


@login_required
def industry_list(request):
    require_perm(request.user, VIEW)
    if request.method == "POST":
        form = forms.HouseholdIndustryForm(request.POST)
        return _save_from_list(request, form, _record_industry, _("已登记户产业。"))
    qs = HouseholdIndustry.objects.visible_to(request.user).select_related("household")
    cols = [
        Col(_("户编号"), lambda o: o.household.number, 16, "household__number"),
        region_column(),
        Col(_("产业类别"), lambda o: o.get_kind_display(), 8, "kind"),
        Col(_("品种/项目"), lambda o: o.product, 12),
        Col(_("规模"), lambda o: o.scale, 10),
        Col(_("年收入(元)"), lambda o: o.income, 12, "income", num=True),
        Col(_("年度"), lambda o: o.year, 6, "year", num=True),
        Col(_("登记日期"), lambda o: o.recorded_on, 12, "recorded_on"),
    ]
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.HouseholdIndustryFilter,
        columns=cols,
        tabs=TABS,
        title=gettext_lazy("户产业"),
        filename="household-industries",
        default_sort="region_code",
        context=form_above(request, forms.HouseholdIndustryForm, _("登记户产业"), permission=CHANGE),
    )


def _save_from_list(request, form, save, success):
    """The POST of the form above a list (a household's industry, a leading industry): saved through the
    service `save(user, data)`, by those who may change industries."""
    return save_from_list(
        request, form, lambda data: save(request.user, data), success, permission=CHANGE, invalid=CHECK_INPUT
    )


def _record_industry(user, data):
    return services.record_household_industry(
        household_numbered(user, data["household"]),
        by=user,
        kind=data["kind"],
        product=data["product"],
        scale=data["scale"],
        income=data["income"] or 0,
    )


@login_required
def todo_list(request):
    """The households with labour and no industry yet: each village's to-do list."""
    require_perm(request.user, VIEW)
    qs = queries.households_without_industry(request.user)
    cols = [
        Col(_("户编号"), lambda o: o.number, 16, "number"),
        Col(_("地区"), lambda o: region_name(o.region_id), 14, "region_id"),
        Col(_("住址"), lambda o: o.address, 24),
        Col(_("帮扶责任人"), lambda o: o.cadre_name, 10),
    ]
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.TodoFilter,
        columns=cols,
        tabs=TABS,
        title=gettext_lazy("有劳动力未覆盖产业的贫困户"),
        filename="households-without-industry",
        default_sort="number",
        audit_action="industry.householdindustry.exported",  # the households' industries are the subject
    )


@login_required
def leading_list(request):
    require_perm(request.user, VIEW)
    if request.method == "POST":
        form = forms.LeadingIndustryForm(request.POST)
        return _save_from_list(request, form, _name_leading, _("主导产业已登记。"))
    cols = [
        region_column(),
        Col(_("产业类别"), lambda o: o.get_kind_display(), 8, "kind"),
        Col(_("主导产品"), lambda o: o.product, 16, "product"),
        Col(_("说明"), lambda o: o.note, 24),
    ]
    return list_page(
        request,
        queryset=LeadingIndustry.objects.visible_to(request.user),
        filterset_class=filters.LeadingIndustryFilter,
        columns=cols,
        tabs=TABS,
        title=gettext_lazy("一镇一业、一村一品"),
        filename="leading-industries",
        default_sort="region_code",
        context=form_above(request, forms.LeadingIndustryForm, _("登记主导产业"), permission=CHANGE),
    )


def _name_leading(user, data):
    return services.name_leading_industry(by=user, **data)
