"""The offices' pages: listings, suppliers, buyers, demands, matching, orders, bases."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.consumption import filters, forms, jobs
from fupin.consumption.models import Buyer, Demand, Listing, MatchRun, Order, Proposal, Supplier
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
from fupin.core.views import get_object_for_user, requires, run_action, start_job
from fupin.registry.queries import households_visible_to


def _office_list(request, filterset_class, columns, default_sort, *, queryset=None, create=None, **context):
    """An office's list (`core.listing.list_page`) of the records of `filterset_class`'s model (or of
    `queryset`) in the user's scope, titled by the model's name and exported as consumption-<model>s;
    `create` is the (permission, URL name, label) of the page that adds one, `context` what else it shows."""
    model = filterset_class._meta.model
    queryset = model.objects.all() if queryset is None else queryset
    if create is not None:
        permission, url, label = create
        context["actions"] = links_for(request.user, permission, (url, label))
    return list_page(
        request,
        queryset=queryset.visible_to(request.user),
        filterset_class=filterset_class,
        columns=columns,
        tabs=TABS,
        title=model._meta.verbose_name,
        filename=f"consumption-{model._meta.model_name}s",
        default_sort=default_sort,
        context=context,
    )


@requires(VIEW)
def listing_list(request):
    return _office_list(
        request,
        filters.ListingFilter,
        listing_columns(),
        ("-unsold", "-created_at"),
        queryset=Listing.objects.select_related("supplier"),
        create=(CHANGE, "consumption:listing_create", _("发布产品")),
        above="consumption/includes/_flag_unsold.html",
        flag_form=forms.MatchingForm() if request.user.has_scoped_perm(CHANGE) else None,
    )


@requires(CHANGE)
def listing_create(request):
    def create(data):
        supplier = get_object_for_user(Supplier, request.user, pk=data.pop("supplier"))
        return suppliers.create_listing(supplier, by=request.user, **data)

    return create_page(
        request,
        forms.ListingForm,
        create,
        success=_("产品已发布。"),
        title=_("发布产品"),
        next_url=url_of("consumption:listing_detail", lambda o: o.pk),
    )


@requires(VIEW)
def listing_detail(request, pk):
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


@requires(VIEW)
def supplier_list(request):
    create = (CHANGE, "consumption:supplier_create", _("登记供应主体"))
    return _office_list(request, filters.SupplierFilter, supplier_columns(), "region_code", create=create)


@requires(CHANGE)
def supplier_create(request):
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
        forms.SupplierForm,
        create,
        success=_("供应主体已登记。"),
        title=_("登记供应主体"),
        next_url=url_of("consumption:supplier_list"),
    )


@requires(VIEW)
def buyer_list(request):
    create = (MANAGE, "consumption:buyer_create", _("开设采购方账号"))
    return _office_list(request, filters.BuyerFilter, buyer_columns(), "name", create=create)


@requires(MANAGE)
def buyer_create(request):
    return create_page(
        request,
        forms.BuyerShareForm,
        lambda d: buyer_services.create_buyer(by=request.user, **{**d, "share": d.get("share") or 0}),
        success=_("采购方账号已开设。"),
        title=_("开设采购方账号"),
        next_url=url_of("consumption:buyer_list"),
    )


@requires(VIEW)
def buyer_review(request, pk):
    """A pending buyer's page: approve or reject (POST decision=approve|reject)."""
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


@requires(VIEW)
def demand_list(request):
    return _office_list(
        request,
        filters.DemandFilter,
        demand_columns(),
        "-created_at",
        queryset=Demand.objects.select_related("buyer"),
        above="consumption/includes/_matching_form.html",
        matching_form=forms.MatchingForm() if request.user.has_scoped_perm(RUN) else None,
        runs=MatchRun.objects.visible_to(request.user)[:5],
    )


@requires(RUN)
@require_POST
def matching_start(request):
    return start_job(
        request,
        forms.MatchingForm(request.POST),
        lambda d: jobs.start_matching(by=request.user, scope_region=d["region_code"]),
        invalid=_("请选择匹配范围。"),
        otherwise="consumption:demand_list",
    )


@requires(VIEW)
def run_detail(request, pk):
    run = get_object_for_user(MatchRun, request.user, pk=pk)
    proposals = run.proposal_set.select_related("listing__supplier", "demand__buyer").order_by("-score", "pk")
    return render(
        request, "consumption/run_detail.html", {"run": run, "proposals": proposals[:500], "tabs": TABS}
    )


@requires(CHANGE)
@require_POST
def proposal_decide(request, pk, decision):
    """The supplier's side confirms or rejects a proposal of its region."""
    proposal = get_object_for_user(Proposal.objects.select_related("demand__buyer"), request.user, pk=pk)
    decide(
        request,
        matching_runs.confirm_proposal if decision == "confirm" else matching_runs.reject_proposal,
        proposal,
    )
    return redirect("consumption:run_detail", pk=proposal.run_id)


@requires(VIEW)
def order_list(request):
    return _office_list(
        request,
        filters.OrderFilter,
        order_columns(),
        "-placed_on",
        queryset=Order.objects.select_related("buyer", "supplier"),
        create=(MANAGE, "consumption:sales_import", _("导入销售记录")),
    )


@requires(VIEW)
def order_detail(request, pk):
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


@requires(VIEW)
def base_list(request):
    create = (CHANGE, "consumption:base_create", _("登记基地"))
    return _office_list(request, filters.BaseFilter, base_columns(), "region_code", create=create)


@requires(CHANGE)
def base_create(request):
    return create_page(
        request,
        forms.BaseForm,
        lambda d: suppliers.create_base(by=request.user, **d),
        success=_("基地已登记。"),
        title=_("登记基地"),
        next_url=url_of("consumption:base_list"),
    )


@requires(MANAGE)
def sales_import(request):
    """A platform's or a base's sales list: each row names its buyer; all rows become orders, or none."""
    return sales_import_page(request, TABS, next_url="consumption:order_list")


@requires(CHANGE)
@require_POST
def flag_unsold_from_tracking(request):
    """Listings of suppliers whose households reported unsold produce in the latest weekly tracking: 滞销."""
    form = forms.MatchingForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            form,
            lambda d: suppliers.flag_unsold_from_tracking(by=request.user, region_code=d["region_code"]),
            lambda n: _("据每周跟踪标记滞销 %(n)d 条") % {"n": n},
        )
    return redirect("consumption:listing_list")
