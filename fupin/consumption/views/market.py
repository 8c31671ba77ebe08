"""The buyers' pages: the market (public fields only), their own demands, proposals and orders, and
self-registration. A buyer reads listings of every origin but only its own demands and orders
(`owned_by`); the supplier is shown by its public name, origin town and a base's or cooperative's contact."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.consumption import filters, forms, importers, queries
from fupin.consumption.models import Buyer, Demand, Order, Proposal
from fupin.consumption.services import buyers as buyer_services
from fupin.consumption.services import matching_runs, orders
from fupin.consumption.views.columns import demand_columns, listing_columns, order_columns
from fupin.consumption.views.common import BUY, MARKET_TABS, require_perm
from fupin.consumption.views.office import import_page
from fupin.core.errors import DomainError
from fupin.core.form_pages import form_page
from fupin.core.listing import list_page
from fupin.core.views import run_action


def _buyer(user):
    buyer = Buyer.objects.owned_by(user).first()
    if buyer is None:
        raise DomainError(_("当前账号不属于任何采购方。"))
    return buyer


def _town_names(listings):
    towns = {listing.region_code[:9].ljust(12, "0") for listing in listings}
    names = queries.region_names(towns)
    for listing in listings:
        listing.origin_town = names.get(listing.region_code[:9].ljust(12, "0"), "")
    return listings


@login_required
def market(request):
    require_perm(request.user, BUY)
    cols = listing_columns(for_buyer=True)
    return list_page(
        request,
        queryset=queries.market_listings(),
        filterset_class=filters.MarketFilter,
        columns=cols,
        title=gettext_lazy("消费扶贫产品"),
        filename="consumption-market",
        audit_action="consumption.market.exported",
        default_sort=("-unsold", "-created_at"),
        decorate=lambda rows: _town_names(list(rows)),
        context={"tabs": MARKET_TABS, "intro": _("滞销产品排在前面。")},
    )


@login_required
def market_listing(request, pk):
    require_perm(request.user, BUY)
    listing = get_object_or_404(queries.market_listings(), pk=pk)
    _town_names([listing])
    if request.method == "POST":
        buyer = _buyer(request.user)
        order = run_action(
            request,
            forms.OrderForm(request.POST),
            lambda d: orders.place_order(buyer, by=request.user, lines=[(listing, d["quantity"], None)]),
            _("已下单。"),
        )
        if order:
            return redirect("consumption:my_order", pk=order.pk)
        return redirect("consumption:market_listing", pk=pk)
    return render(
        request,
        "consumption/market_listing.html",
        {
            "listing": listing,
            "supplier": listing.supplier,
            "order_form": forms.OrderForm(),
            "tabs": MARKET_TABS,
        },
    )


@login_required
def my_demands(request):
    require_perm(request.user, BUY)
    cols = demand_columns(for_buyer=True)
    return list_page(
        request,
        queryset=Demand.objects.owned_by(request.user),
        filterset_class=filters.OwnDemandFilter,
        columns=cols,
        title=gettext_lazy("我的采购需求"),
        filename="my-demands",
        audit_action="consumption.demand.exported",
        default_sort="-created_at",
        context={
            "tabs": MARKET_TABS,
            "actions": [{"url": reverse("consumption:demand_post"), "label": _("发布需求")}],
            "above": "consumption/includes/_my_proposals.html",
            "proposals": Proposal.objects.owned_by(request.user)
            .filter(status__in=("proposed", "confirmed"))
            .select_related("listing__supplier", "demand")[:100],
        },
    )


@login_required
def demand_post(request):
    require_perm(request.user, BUY)

    def post(data):
        return matching_runs.post_demand(_buyer(request.user), by=request.user, **data)

    return form_page(
        request,
        forms.DemandForm(request.POST or None),
        post,
        success=_("需求已发布。"),
        title=_("发布需求"),
        next_url=lambda o: reverse("consumption:my_demands"),
        template="consumption/form.html",
    )


@login_required
@require_POST
def my_proposal(request, pk, decision):
    """The buyer confirms, rejects or orders a proposal for one of its demands."""
    require_perm(request.user, BUY)
    proposal = get_object_or_404(
        Proposal.objects.owned_by(request.user).select_related("demand__buyer"), pk=pk
    )
    service = {
        "confirm": matching_runs.confirm_proposal,
        "reject": matching_runs.reject_proposal,
        "order": matching_runs.order_proposal,
    }.get(decision, matching_runs.reject_proposal)
    try:
        service(proposal, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已处理。"))
    return redirect("consumption:my_demands")


@login_required
def my_orders(request):
    require_perm(request.user, BUY)
    cols = order_columns(for_buyer=True)
    return list_page(
        request,
        queryset=Order.objects.owned_by(request.user).select_related("supplier"),
        filterset_class=filters.OwnOrderFilter,
        columns=cols,
        title=gettext_lazy("我的订单"),
        filename="my-orders",
        audit_action="consumption.order.exported",
        default_sort="-placed_on",
        context={
            "tabs": MARKET_TABS,
            "actions": [{"url": reverse("consumption:purchase_import"), "label": _("导入采购台账")}],
            "above": "consumption/includes/_buyer_figures.html",
            "figures": queries.buyer_figures(request.user),
        },
    )


@login_required
def my_order(request, pk):
    require_perm(request.user, BUY)
    order = get_object_or_404(Order.objects.owned_by(request.user).select_related("supplier"), pk=pk)
    if request.method == "POST":
        form = forms.VersionForm(request.POST)
        action = request.POST.get("action")
        service = {
            "receive": lambda d: orders.receive_order(order, by=request.user, version=d["version"]),
            "pay": lambda d: orders.pay_order(order, by=request.user, version=d["version"]),
            "cancel": lambda d: orders.cancel_order(order, by=request.user, **d),
        }.get(action)
        if service is not None:
            run_action(request, form, service, _("已保存。"))
        return redirect("consumption:my_order", pk=pk)
    return render(
        request,
        "consumption/order_detail.html",
        {"order": order, "lines": order.lines.select_related("listing"), "tabs": MARKET_TABS},
    )


def register(request):
    """Self-registration of a buyer organisation; its account works once the district's office approves."""
    form = forms.BuyerForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda d: buyer_services.register_buyer(**d),
        success=_("已提交，待所在县(市、区)审核通过后即可登录。"),
        title=_("采购方注册"),
        next_url=lambda o: reverse("accounts:login"),
        template="consumption/form.html",
    )


@login_required
def purchase_import(request):
    """A unit's own purchase ledger (采购台账) kept elsewhere: every row one order of this buyer."""
    require_perm(request.user, BUY)
    buyer = _buyer(request.user)
    return import_page(
        request, lambda f: importers.import_sales(f, by=request.user, own_buyer=buyer), MARKET_TABS
    )
