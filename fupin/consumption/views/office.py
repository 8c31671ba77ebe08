"""The offices' pages: listings, suppliers, buyers, demands, matching, orders, bases."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.consumption import filters, forms, jobs
from fupin.consumption.models import Base, Buyer, Demand, Listing, MatchRun, Order, Proposal, Supplier
from fupin.consumption.services import buyers as buyer_services
from fupin.consumption.services import matching_runs, orders, suppliers
from fupin.consumption.views.columns import (
    base_columns,
    buyer_columns,
    demand_columns,
    listing_columns,
    order_columns,
    supplier_columns,
)
from fupin.consumption.views.common import (
    CHANGE,
    MANAGE,
    RUN,
    TABS,
    VIEW,
    create_page,
    decide,
    order_page,
    require_perm,
    sales_import_page,
)
from fupin.core.errors import DomainError
from fupin.core.listing import list_page
from fupin.core.page_links import links_for, url_of
from fupin.core.views import get_object_for_user, run_action, start_job
from fupin.registry.queries import households_visible_to


def _office_list(request, queryset, filterset_class, *, title, columns, default_sort, **context):
    """An office's list (`core.listing.list_page`): the records of `queryset` in the user's scope,
    exported as consumption-<model>s; `context` is what else its template shows."""
    model = queryset.model._meta.model_name
    return list_page(
        request,
        queryset=queryset.visible_to(request.user),
        filterset_class=filterset_class,
        columns=columns,
        tabs=TABS,
        title=title,
        filename=f"consumption-{model}s",
        default_sort=default_sort,
        context=context,
    )


@login_required
def listing_list(request):
    require_perm(request.user, VIEW)
    return _office_list(
        request,
        Listing.objects.select_related("supplier"),
        filters.ListingFilter,
        title=gettext_lazy("产品供应"),
        columns=listing_columns(),
        default_sort=("-unsold", "-created_at"),
        actions=links_for(request.user, CHANGE, ("consumption:listing_create", _("发布产品"))),
        above="consumption/includes/_flag_unsold.html",
        flag_form=forms.MatchingForm() if request.user.has_scoped_perm(CHANGE) else None,
    )


@login_required
def listing_create(request):
    require_perm(request.user, CHANGE)

    def create(data):
        supplier = get_object_for_user(Supplier, request.user, pk=data.pop("supplier"))
        return suppliers.create_listing(supplier, by=request.user, **data)

    return create_page(
        request,
        forms.ListingForm(request.POST or None),
        create,
        success=_("产品已发布。"),
        title=_("发布产品"),
        next_url=url_of("consumption:listing_detail", lambda o: o.pk),
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
    return _office_list(
        request,
        Supplier.objects.all(),
        filters.SupplierFilter,
        title=gettext_lazy("供应主体"),
        columns=supplier_columns(),
        default_sort="region_code",
        actions=links_for(request.user, CHANGE, ("consumption:supplier_create", _("登记供应主体"))),
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

    return create_page(
        request,
        forms.SupplierForm(request.POST or None),
        create,
        success=_("供应主体已登记。"),
        title=_("登记供应主体"),
        next_url=url_of("consumption:supplier_list"),
    )


@login_required
def buyer_list(request):
    require_perm(request.user, VIEW)
    return _office_list(
        request,
        Buyer.objects.all(),
        filters.BuyerFilter,
        title=gettext_lazy("采购方"),
        columns=buyer_columns(),
        default_sort="name",
        actions=links_for(request.user, MANAGE, ("consumption:buyer_create", _("开设采购方账号"))),
    )


@login_required
def buyer_create(request):
    require_perm(request.user, MANAGE)
    return create_page(
        request,
        forms.BuyerShareForm(request.POST or None),
        lambda d: buyer_services.create_buyer(by=request.user, **{**d, "share": d.get("share") or 0}),
        success=_("采购方账号已开设。"),
        title=_("开设采购方账号"),
        next_url=url_of("consumption:buyer_list"),
    )


@login_required
def buyer_review(request, pk):
    """A pending buyer's page: approve or reject (POST decision=approve|reject)."""
    require_perm(request.user, VIEW)
    buyer = get_object_for_user(Buyer, request.user, pk=pk)
    if request.method == "POST":
        require_perm(request.user, MANAGE)
        decision = request.POST.get("decision")
        decide(
            request,
            buyer_services.approve_buyer if decision == "approve" else buyer_services.reject_buyer,
            buyer,
        )
        return redirect("consumption:buyer_list")
    return render(request, "consumption/buyer_review.html", {"buyer": buyer, "tabs": TABS})


@login_required
def demand_list(request):
    require_perm(request.user, VIEW)
    return _office_list(
        request,
        Demand.objects.select_related("buyer"),
        filters.DemandFilter,
        title=gettext_lazy("采购需求"),
        columns=demand_columns(),
        default_sort="-created_at",
        above="consumption/includes/_matching_form.html",
        matching_form=forms.MatchingForm() if request.user.has_scoped_perm(RUN) else None,
        runs=MatchRun.objects.visible_to(request.user)[:5],
    )


@login_required
@require_POST
def matching_start(request):
    require_perm(request.user, RUN)
    return start_job(
        request,
        forms.MatchingForm(request.POST),
        lambda d: jobs.start_matching(by=request.user, scope_region=d["region_code"]),
        invalid=_("请选择匹配范围。"),
        otherwise="consumption:demand_list",
    )


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
    decide(
        request,
        matching_runs.confirm_proposal if decision == "confirm" else matching_runs.reject_proposal,
        proposal,
    )
    return redirect("consumption:run_detail", pk=proposal.run_id)


@login_required
def order_list(request):
    require_perm(request.user, VIEW)
    return _office_list(
        request,
        Order.objects.select_related("buyer", "supplier"),
        filters.OrderFilter,
        title=gettext_lazy("订单"),
        columns=order_columns(),
        default_sort="-placed_on",
        actions=links_for(request.user, MANAGE, ("consumption:sales_import", _("导入销售记录"))),
    )


@login_required
def order_detail(request, pk):
    require_perm(request.user, VIEW)
    order = get_object_for_user(Order.objects.select_related("buyer", "supplier"), request.user, pk=pk)
    if request.method == "POST":
        require_perm(request.user, CHANGE)
    moves = {
        "deliver": (
            lambda d: orders.deliver_order(order, by=request.user, version=d["version"]),
            _("已登记发货。"),
        ),
        "cancel": (lambda d: orders.cancel_order(order, by=request.user, **d), _("订单已取消。")),
    }
    can_change = request.user.has_scoped_perm(CHANGE, order.region_code)
    return order_page(request, order, moves, tabs=TABS, office=True, can_change=can_change)


@login_required
def base_list(request):
    require_perm(request.user, VIEW)
    return _office_list(
        request,
        Base.objects.all(),
        filters.BaseFilter,
        title=gettext_lazy("消费扶贫基地"),
        columns=base_columns(),
        default_sort="region_code",
        actions=links_for(request.user, CHANGE, ("consumption:base_create", _("登记基地"))),
    )


@login_required
def base_create(request):
    require_perm(request.user, CHANGE)
    return create_page(
        request,
        forms.BaseForm(request.POST or None),
        lambda d: suppliers.create_base(by=request.user, **d),
        success=_("基地已登记。"),
        title=_("登记基地"),
        next_url=url_of("consumption:base_list"),
    )


@login_required
def sales_import(request):
    """A platform's or a base's sales list: each row names its buyer; all rows become orders, or none."""
    require_perm(request.user, MANAGE)
    return sales_import_page(request, TABS, next_url="consumption:order_list")


@login_required
@require_POST
def flag_unsold_from_tracking(request):
    """Listings of suppliers whose households reported unsold produce in the latest weekly tracking: 滞销."""
    require_perm(request.user, CHANGE)
    form = forms.MatchingForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            form,
            lambda d: suppliers.flag_unsold_from_tracking(by=request.user, region_code=d["region_code"]),
            lambda n: _("据每周跟踪标记滞销 %(n)d 条") % {"n": n},
        )
    return redirect("consumption:listing_list")
