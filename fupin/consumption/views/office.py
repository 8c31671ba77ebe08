"""The offices' pages: listings, suppliers, buyers, demands, matching, orders, bases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.consumption import filters, forms, importers, jobs
from fupin.consumption.models import Base, Buyer, Demand, Listing, MatchRun, Order, Proposal, Supplier
from fupin.consumption.services import buyers as buyer_services
from fupin.consumption.services import matching_runs, orders, suppliers
from fupin.consumption.views.columns import demand_columns, listing_columns, order_columns
from fupin.consumption.views.common import CHANGE, MANAGE, RUN, TABS, VIEW, require_perm
from fupin.core.display import region_name
from fupin.core.errors import DomainError
from fupin.core.form_pages import form_page
from fupin.core.listing import Col, list_page
from fupin.core.page_links import links_for
from fupin.core.views import get_object_for_user, run_action
from fupin.registry.queries import households_visible_to


def _decide(request, service, obj):
    """A decision button's POST (approve, reject, confirm …): the service's refusal, or "done", as the message."""
    try:
        service(obj, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已处理。"))


def _form_page(request, form, action, *, success, title, next_url):
    """The office's create pages, all on the one form template."""
    return form_page(
        request,
        form,
        action,
        success=success,
        title=title,
        next_url=next_url,
        template="consumption/form.html",
    )


@login_required
def listing_list(request):
    require_perm(request.user, VIEW)
    cols = listing_columns()
    return list_page(
        request,
        queryset=Listing.objects.visible_to(request.user).select_related("supplier"),
        filterset_class=filters.ListingFilter,
        columns=cols,
        title=gettext_lazy("产品供应"),
        filename="consumption-listings",
        audit_action="consumption.listing.exported",
        default_sort=("-unsold", "-created_at"),
        context={
            "tabs": TABS,
            "actions": links_for(request.user, CHANGE, ("consumption:listing_create", _("发布产品"))),
            "above": "consumption/includes/_flag_unsold.html",
            "flag_form": forms.MatchingForm() if request.user.has_scoped_perm(CHANGE) else None,
        },
    )


@login_required
def listing_create(request):
    require_perm(request.user, CHANGE)

    def create(data):
        supplier = get_object_for_user(Supplier, request.user, pk=data.pop("supplier"))
        return suppliers.create_listing(supplier, by=request.user, **data)

    return _form_page(
        request,
        forms.ListingForm(request.POST or None),
        create,
        success=_("产品已发布。"),
        title=_("发布产品"),
        next_url=lambda o: reverse("consumption:listing_detail", args=[o.pk]),
    )


@login_required
def listing_detail(request, pk):
    require_perm(request.user, VIEW)
    listing = get_object_for_user(Listing.objects.select_related("supplier"), request.user, pk=pk)
    if request.method == "POST":
        require_perm(request.user, CHANGE)
        if request.FILES:
            run_action(
                request,
                forms.PhotoForm(request.POST, request.FILES),
                lambda d: suppliers.add_photo(listing, by=request.user, upload=d["file"]),
                _("照片已上传。"),
            )
        else:
            run_action(
                request,
                forms.UnsoldForm(request.POST),
                lambda d: suppliers.flag_unsold(listing, by=request.user, **d),
                _("已保存。"),
            )
        return redirect("consumption:listing_detail", pk=pk)
    return render(
        request,
        "consumption/listing_detail.html",
        {
            "listing": listing,
            "photos": listing.photos.all(),
            "photo_form": forms.PhotoForm(),
            "lines": listing.order_lines.select_related("order__buyer").order_by("-pk")[:50],
            "can_change": request.user.has_scoped_perm(CHANGE, listing.region_code),
            "tabs": TABS,
        },
    )


@login_required
def supplier_list(request):
    require_perm(request.user, VIEW)
    cols = [
        Col(_("公开名称"), lambda o: o.name, 24, "name"),
        Col(_("供应主体类型"), lambda o: o.get_kind_display(), 10, "kind"),
        Col(_("地区"), lambda o: region_name(o.region_code), 14, "region_code"),
        Col(_("联系人"), lambda o: o.public_contact, 20),
    ]
    return list_page(
        request,
        queryset=Supplier.objects.visible_to(request.user),
        filterset_class=filters.SupplierFilter,
        columns=cols,
        title=gettext_lazy("供应主体"),
        filename="consumption-suppliers",
        audit_action="consumption.supplier.exported",
        default_sort="region_code",
        context={
            "tabs": TABS,
            "actions": links_for(request.user, CHANGE, ("consumption:supplier_create", _("登记供应主体"))),
        },
    )


@login_required
def supplier_create(request):
    require_perm(request.user, CHANGE)

    def create(data):
        household_pk = data.pop("household")
        household = None
        if household_pk:
            household = households_visible_to(request.user).filter(pk=household_pk).first()
            if household is None:
                raise DomainError(_("找不到该贫困户。"), field="household")
        return suppliers.register_supplier(by=request.user, household=household, **data)

    return _form_page(
        request,
        forms.SupplierForm(request.POST or None),
        create,
        success=_("供应主体已登记。"),
        title=_("登记供应主体"),
        next_url=lambda o: reverse("consumption:supplier_list"),
    )


@login_required
def buyer_list(request):
    require_perm(request.user, VIEW)
    cols = [
        Col(_("单位名称"), lambda o: o.name, 24, "name"),
        Col(_("采购方类型"), lambda o: o.get_kind_display(), 12, "kind"),
        Col(_("地区"), lambda o: region_name(o.region_code), 14, "region_code"),
        Col(
            _("审核状态"),
            lambda o: o.get_status_display(),
            8,
            "status",
            lambda o: reverse("consumption:buyer_review", args=[o.pk]),
        ),
        Col(_("认购任务(元)"), lambda o: o.share, 12, "share", num=True),
        Col(_("已采购(元)"), lambda o: o.purchased, 12, "purchased", num=True),
    ]
    return list_page(
        request,
        queryset=Buyer.objects.visible_to(request.user),
        filterset_class=filters.BuyerFilter,
        columns=cols,
        title=gettext_lazy("采购方"),
        filename="consumption-buyers",
        audit_action="consumption.buyer.exported",
        default_sort="name",
        context={
            "tabs": TABS,
            "actions": links_for(request.user, MANAGE, ("consumption:buyer_create", _("开设采购方账号"))),
        },
    )


@login_required
def buyer_create(request):
    require_perm(request.user, MANAGE)
    return _form_page(
        request,
        forms.BuyerShareForm(request.POST or None),
        lambda d: buyer_services.create_buyer(by=request.user, **{**d, "share": d.get("share") or 0}),
        success=_("采购方账号已开设。"),
        title=_("开设采购方账号"),
        next_url=lambda o: reverse("consumption:buyer_list"),
    )


@login_required
def buyer_review(request, pk):
    """A pending buyer's page: approve or reject (POST decision=approve|reject)."""
    require_perm(request.user, VIEW)
    buyer = get_object_for_user(Buyer, request.user, pk=pk)
    if request.method == "POST":
        require_perm(request.user, MANAGE)
        decision = request.POST.get("decision")
        _decide(
            request,
            buyer_services.approve_buyer if decision == "approve" else buyer_services.reject_buyer,
            buyer,
        )
        return redirect("consumption:buyer_list")
    return render(request, "consumption/buyer_review.html", {"buyer": buyer, "tabs": TABS})


@login_required
def demand_list(request):
    require_perm(request.user, VIEW)
    cols = demand_columns()
    return list_page(
        request,
        queryset=Demand.objects.visible_to(request.user).select_related("buyer"),
        filterset_class=filters.DemandFilter,
        columns=cols,
        title=gettext_lazy("采购需求"),
        filename="consumption-demands",
        audit_action="consumption.demand.exported",
        default_sort="-created_at",
        context={
            "tabs": TABS,
            "above": "consumption/includes/_matching_form.html",
            "matching_form": forms.MatchingForm() if request.user.has_scoped_perm(RUN) else None,
            "runs": MatchRun.objects.visible_to(request.user)[:5],
        },
    )


@login_required
@require_POST
def matching_start(request):
    require_perm(request.user, RUN)
    job = run_action(
        request,
        forms.MatchingForm(request.POST),
        lambda d: jobs.start_matching(by=request.user, scope_region=d["region_code"]),
        None,
        invalid=_("请选择匹配范围。"),
    )
    return redirect("jobs:job_detail", pk=job.pk) if job else redirect("consumption:demand_list")


@login_required
def run_detail(request, pk):
    require_perm(request.user, VIEW)
    run = get_object_for_user(MatchRun, request.user, pk=pk)
    proposals = run.proposal_set.select_related("listing__supplier", "demand__buyer").order_by("-score", "pk")
    return render(
        request, "consumption/run_detail.html", {"run": run, "proposals": proposals[:500], "tabs": TABS}
    )


@login_required
@require_POST
def proposal_decide(request, pk, decision):
    """The supplier's side confirms or rejects a proposal of its region."""
    require_perm(request.user, CHANGE)
    proposal = get_object_for_user(Proposal.objects.select_related("demand__buyer"), request.user, pk=pk)
    _decide(
        request,
        matching_runs.confirm_proposal if decision == "confirm" else matching_runs.reject_proposal,
        proposal,
    )
    return redirect("consumption:run_detail", pk=proposal.run_id)


@login_required
def order_list(request):
    require_perm(request.user, VIEW)
    cols = order_columns()
    return list_page(
        request,
        queryset=Order.objects.visible_to(request.user).select_related("buyer", "supplier"),
        filterset_class=filters.OrderFilter,
        columns=cols,
        title=gettext_lazy("订单"),
        filename="consumption-orders",
        audit_action="consumption.order.exported",
        default_sort="-placed_on",
        context={
            "tabs": TABS,
            "actions": links_for(request.user, MANAGE, ("consumption:sales_import", _("导入销售记录"))),
        },
    )


@login_required
def order_detail(request, pk):
    require_perm(request.user, VIEW)
    order = get_object_for_user(Order.objects.select_related("buyer", "supplier"), request.user, pk=pk)
    if request.method == "POST":
        require_perm(request.user, CHANGE)
        form = forms.VersionForm(request.POST)
        if request.POST.get("action") == "cancel":
            run_action(
                request, form, lambda d: orders.cancel_order(order, by=request.user, **d), _("订单已取消。")
            )
        else:
            run_action(
                request,
                form,
                lambda d: orders.deliver_order(order, by=request.user, version=d["version"]),
                _("已登记发货。"),
            )
        return redirect("consumption:order_detail", pk=pk)
    return render(
        request,
        "consumption/order_detail.html",
        {
            "order": order,
            "lines": order.lines.select_related("listing"),
            "tabs": TABS,
            "office": True,
            "can_change": request.user.has_scoped_perm(CHANGE, order.region_code),
        },
    )


@login_required
def base_list(request):
    require_perm(request.user, VIEW)
    cols = [
        Col(_("基地名称"), lambda o: o.name, 24, "name"),
        Col(_("地区"), lambda o: region_name(o.region_code), 14, "region_code"),
        Col(_("运营主体"), lambda o: o.operator, 20),
        Col(_("合作配送/销售企业"), lambda o: o.partners, 24),
        Col(_("认定日期"), lambda o: o.established_on, 12, "established_on"),
    ]
    return list_page(
        request,
        queryset=Base.objects.visible_to(request.user),
        filterset_class=filters.BaseFilter,
        columns=cols,
        title=gettext_lazy("消费扶贫基地"),
        filename="consumption-bases",
        audit_action="consumption.base.exported",
        default_sort="region_code",
        context={
            "tabs": TABS,
            "actions": links_for(request.user, CHANGE, ("consumption:base_create", _("登记基地"))),
        },
    )


@login_required
def base_create(request):
    require_perm(request.user, CHANGE)
    return _form_page(
        request,
        forms.BaseForm(request.POST or None),
        lambda d: suppliers.create_base(by=request.user, **d),
        success=_("基地已登记。"),
        title=_("登记基地"),
        next_url=lambda o: reverse("consumption:base_list"),
    )


@login_required
def sales_import(request):
    """A platform's or a base's sales list: each row names its buyer; all rows become orders, or none."""
    require_perm(request.user, MANAGE)
    return import_page(request, lambda f: importers.import_sales(f, by=request.user), TABS)


def import_page(request, run, tabs):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data["file"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            if not result.errors:
                messages.success(request, _("已导入 %(n)d 条销售记录。") % {"n": result.created})
    return render(request, "consumption/import.html", {"form": form, "result": result, "tabs": tabs})


@login_required
@require_POST
def flag_unsold_from_tracking(request):
    """Listings of suppliers whose households reported unsold produce in the latest weekly tracking: 滞销."""
    require_perm(request.user, CHANGE)
    form = forms.MatchingForm(request.POST)
    if form.is_valid():
        try:
            n = suppliers.flag_unsold_from_tracking(
                by=request.user, region_code=form.cleaned_data["region_code"]
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("据每周跟踪标记滞销 %(n)d 条") % {"n": n})
    return redirect("consumption:listing_list")
