"""The buyers' pages: the market (public fields only), their own demands, proposals and orders, and
self-registration. A buyer reads listings of every origin but only its own demands and orders
(`owned_by`); the supplier is shown by its public name, origin town and a base's or cooperative's contact."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.consumption import filters, forms, queries
from fupin.consumption.models import Demand, Order, Proposal
from fupin.consumption.queries import own_buyer
from fupin.consumption.services import buyers as buyer_services
from fupin.consumption.services import matching_runs, orders
from fupin.consumption.views.columns import demand_columns, listing_columns, order_columns
from fupin.consumption.views.common import (
    BUY,
    MARKET_TABS,
    create_page,
    decide,
    order_page,
    sales_import_page,
)
from fupin.core.listing import list_page
from fupin.core.page_links import url_of
from fupin.core.views import requires, run_action


def _own_list(request, queryset, filterset_class, *, action, title, columns, default_sort, **context):
    """A buyer's list of its own records (`owned_by`, `core.listing.list_page`), exported as
    my-<model>s; `action` is the (URL name, label) of the link above it, `context` what else it shows."""
    model = queryset.model._meta.model_name
    url, label = action
    return list_page(
        request,
        queryset=queryset.owned_by(request.user),
        filterset_class=filterset_class,
        columns=columns,
        tabs=MARKET_TABS,
        title=title,
        filename=f"my-{model}s",
        default_sort=default_sort,
        context={"actions": [{"url": reverse(url), "label": label}], **context},
    )


@requires(BUY)
def market(request):
    return list_page(
        request,
        queryset=queries.market_listings(),
        filterset_class=filters.MarketFilter,
        columns=listing_columns(for_buyer=True),
        tabs=MARKET_TABS,
        audit_action="consumption.market.exported",
        title=gettext_lazy("消费扶贫产品"),
        filename="consumption-market",
        default_sort=("-unsold", "-created_at"),
        decorate=queries.with_origin_towns,
        context={"intro": _("滞销产品排在前面。")},
    )


@requires(BUY)
def market_listing(request, pk):
    listing = get_object_or_404(queries.market_listings(), pk=pk)
    queries.with_origin_towns([listing])
    if request.method == "POST":
        buyer = own_buyer(request.user)
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


@requires(BUY)
def my_demands(request):
    return _own_list(
        request,
        Demand.objects.all(),
        filters.OwnDemandFilter,
        title=gettext_lazy("我的采购需求"),
        columns=demand_columns(for_buyer=True),
        default_sort="-created_at",
        action=("consumption:demand_post", _("发布需求")),
        above="consumption/includes/_my_proposals.html",
        proposals=Proposal.objects.owned_by(request.user)
        .filter(status__in=("proposed", "confirmed"))
        .select_related("listing__supplier", "demand")[:100],
    )


@requires(BUY)
def demand_post(request):
    def post(data):
        return matching_runs.post_demand(own_buyer(request.user), by=request.user, **data)

    return create_page(
        request,
        forms.DemandForm,
        post,
        success=_("需求已发布。"),
        title=_("发布需求"),
        next_url=url_of("consumption:my_demands"),
    )


@requires(BUY)
@require_POST
def my_proposal(request, pk, decision):
    """The buyer confirms, rejects or orders a proposal for one of its demands."""
    proposal = get_object_or_404(
        Proposal.objects.owned_by(request.user).select_related("demand__buyer"), pk=pk
    )
    service = {
        "confirm": matching_runs.confirm_proposal,
        "reject": matching_runs.reject_proposal,
        "order": matching_runs.order_proposal,
    }.get(decision, matching_runs.reject_proposal)
    decide(request, service, proposal)
    return redirect("consumption:my_demands")


@requires(BUY)
def my_orders(request):
    return _own_list(
        request,
        Order.objects.select_related("supplier"),
        filters.OwnOrderFilter,
        title=gettext_lazy("我的订单"),
        columns=order_columns(for_buyer=True),
        default_sort="-placed_on",
        action=("consumption:purchase_import", _("导入采购台账")),
        above="consumption/includes/_buyer_figures.html",
        figures=queries.buyer_figures(request.user),
    )


@requires(BUY)
def my_order(request, pk):
    order = get_object_or_404(Order.objects.owned_by(request.user).select_related("supplier"), pk=pk)
    moves = {
        "receive": (
            lambda d: orders.receive_order(order, by=request.user, version=d["version"]),
            _("已保存。"),
        ),
        "pay": (lambda d: orders.pay_order(order, by=request.user, version=d["version"]), _("已保存。")),
        "cancel": (lambda d: orders.cancel_order(order, by=request.user, **d), _("已保存。")),
    }
    return order_page(request, order, moves, tabs=MARKET_TABS)


def register(request):
    """Self-registration of a buyer organisation; its account works once the district's office approves."""
    return create_page(
        request,
        forms.BuyerForm,
        lambda d: buyer_services.register_buyer(**d),
        success=_("已提交，待所在县(市、区)审核通过后即可登录。"),
        title=_("采购方注册"),
        next_url=url_of("accounts:login"),
    )


@requires(BUY)
def purchase_import(request):
    """A unit's own purchase ledger (采购台账) kept elsewhere: every row one order of this buyer."""
    buyer = own_buyer(request.user)
    return sales_import_page(request, MARKET_TABS, next_url="consumption:my_orders", own_buyer=buyer)
