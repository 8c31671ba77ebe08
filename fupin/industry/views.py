"""Pages of the industry app: the board, projects with their households and money, household industries,
the village's to-do list and the leading industries."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.display import region_name
from fupin.core.form_pages import form_page
from fupin.core.listing import Col, field_columns, form_above, list_page, save_from_list
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, requires, run_action
from fupin.industry import filters, forms, queries, services, workflow
from fupin.industry.models import HouseholdIndustry, LeadingIndustry, Project
from fupin.registry.queries import household_numbered

VIEW, CHANGE = "industry.view_project", "industry.change_project"
TABS = "industry/includes/_tabs.html"
CHECK_INPUT = gettext_lazy("请检查填写的内容。")


@requires(VIEW)
def home(request):
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


@requires(VIEW)
def project_list(request):
    qs = Project.objects.visible_to(request.user).select_related("operator")
    cols = field_columns(
        Project,
        "name kind business_model link_mode",
        Col(_("经营主体"), lambda o: o.operator.name, 20, "operator__name"),
        "region_code status budget funded declared_on",
        links={"name": lambda o: reverse("industry:project_detail", args=[o.pk])},
    )
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


@requires(CHANGE)
def project_create(request):
    form = forms.ProjectForm(request.POST or None, operators=queries.operators_visible_to(request.user))
    return form_page(
        request,
        form,
        lambda data: services.register_project(by=request.user, **data),
        success=_("项目已申报。"),
        title=_("申报产业项目"),
        next_url=lambda project: reverse("industry:project_detail", args=[project.pk]),
        tabs=TABS,
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


@requires(VIEW)
def project_detail(request, pk):
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


@requires(VIEW)
def industry_list(request):
    if request.method == "POST":
        form = forms.HouseholdIndustryForm(request.POST)
        return _save_from_list(request, form, _record_industry, _("已登记户产业。"))
    qs = HouseholdIndustry.objects.visible_to(request.user).select_related("household")
    cols = field_columns(
        HouseholdIndustry, "household__number region_code kind product scale income year recorded_on"
    )
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


@requires(VIEW)
def todo_list(request):
    """The households with labour and no industry yet: each village's to-do list."""
    qs = queries.households_without_industry(request.user)
    cols = field_columns(
        qs.model,  # the households
        "number",
        Col(_("地区"), lambda o: region_name(o.region_id), 14, "region_id"),
        "address cadre_name",
    )
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


@requires(VIEW)
def leading_list(request):
    if request.method == "POST":
        form = forms.LeadingIndustryForm(request.POST)
        return _save_from_list(request, form, _name_leading, _("主导产业已登记。"))
    cols = field_columns(LeadingIndustry, "region_code kind product note")
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
