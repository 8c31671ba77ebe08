"""Employment subsidies: list, application, review → approve → pay."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.form_pages import record_page
from fupin.core.listing import Col, field_columns
from fupin.core.page_links import links_for
from fupin.core.regioncodes import ancestors
from fupin.core.views import get_object_for_user, requires
from fupin.employment import filters, forms
from fupin.employment.models import Enterprise, Laborer, SubsidyApplication
from fupin.employment.services import subsidies
from fupin.employment.views.common import (
    CHANGE,
    REGION_CODE,
    VIEW,
    form_page,
    list_page,
    url,
    visible_or_none,
)
from fupin.funds.queries import disbursable_allocations

_subsidy_page = url("employment:subsidy_detail", lambda app: app.pk)


@requires(VIEW)
def subsidy_list(request):
    cols = field_columns(
        SubsidyApplication,
        Col(_("补贴类别"), lambda o: o.kind.name, 16, "kind__name"),
        Col(_("发放对象"), lambda o: str(o.laborer or o.enterprise), 20, link=_subsidy_page),
        "region_code period amount status applied_on paid_on eligibility",
        headers=REGION_CODE,
        widths={"eligibility": 30},
    )
    qs = SubsidyApplication.objects.visible_to(request.user).select_related("kind", "laborer", "enterprise")
    actions = links_for(request.user, CHANGE, ("employment:subsidy_apply", _("申请补贴")))
    return list_page(
        request,
        queryset=qs,
        filterset_class=filters.SubsidyApplicationFilter,
        columns=cols,
        title=gettext_lazy("就业补贴"),
        filename="subsidies",
        default_sort="-applied_on",
        context={"actions": actions},
    )


@requires(CHANGE)
def subsidy_apply(request):
    form = forms.SubsidyApplyForm(request.POST or None, initial=request.GET.dict() or None)

    def apply(data):
        return subsidies.apply_subsidy(
            by=request.user,
            laborer=visible_or_none(Laborer, request.user, data["laborer"]),
            enterprise=visible_or_none(Enterprise, request.user, data["enterprise"]),
            **{k: data[k] for k in ("kind", "period", "months", "proof")},
        )

    return form_page(
        request,
        form,
        apply,
        success=lambda app: _("补贴申请已提交：%(a)s 元。") % {"a": app.amount},
        title=_("申请补贴"),
        next_url=_subsidy_page,
    )


@requires(VIEW)
def subsidy_detail(request, pk):
    app = get_object_for_user(SubsidyApplication.objects.select_related("kind"), request.user, pk=pk)
    form = forms.SubsidyActionForm(
        request.POST or None,
        initial={"version": app.version},
        allocations=disbursable_allocations(request.user).filter(
            region_id__in=ancestors(app.region_code, include_self=True)
        ),
    )
    action = request.POST.get("action")

    def move(data):
        return subsidies.move_subsidy(app, action, by=request.user, **data)

    actions = [(name, subsidies.SUBSIDY_TRANSITIONS[name]) for name in ("review", "approve", "pay", "reject")]
    allowed = [
        name
        for name, (froms, _to, perm) in actions
        if app.status in froms and request.user.has_scoped_perm(perm, app.region_code)
    ]
    return record_page(
        request,
        form,
        move,
        success=_("已更新补贴申请。"),
        save=action in subsidies.SUBSIDY_TRANSITIONS,
        template="employment/subsidy_detail.html",
        context={"app": app, "allowed": allowed},
    )
