"""The consumption API: offices read by region (`visible_to`), buyers the market and their own records."""

from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fupin.consumption import filters, queries
from fupin.consumption.api import serializers as s
from fupin.consumption.models import Base, Buyer, Demand, Listing, Order, Supplier
from fupin.consumption.permissions import BUY, VIEW
from fupin.consumption.services import matching_runs, orders, suppliers
from fupin.core.api import ScopedGenericViewSet, ScopedListViewSet
from fupin.core.api_writes import ServiceWritesMixin


class OfficeBase(ServiceWritesMixin, ScopedListViewSet):
    """An office's records: those of its regions (`visible_to`)."""

    view_permission = VIEW


class BuyerBase(ServiceWritesMixin, ScopedListViewSet):
    """A buyer's own records (`owned_by`), never its region's."""

    view_permission = BUY

    def base_queryset(self):
        return self.queryset_model.objects.owned_by(self.request.user)


class OrderMixin:
    """Orders as both sides read them; either side cancels (the service checks which side the caller is)."""

    queryset_model = Order
    serializer_class = s.OrderSerializer

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self.act(orders.cancel_order, s.CancelBody)


class ListingViewSet(OfficeBase, mixins.CreateModelMixin):
    queryset_model = Listing
    serializer_class = s.ListingSerializer
    filterset_class = filters.ListingFilter

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        supplier = self.scoped_get(Supplier, data.pop("supplier_id"))
        serializer.instance = suppliers.create_listing(supplier, by=self.request.user, **data)


class SupplierViewSet(OfficeBase):
    queryset_model = Supplier
    serializer_class = s.SupplierSerializer
    filterset_class = filters.SupplierFilter


class BuyerViewSet(OfficeBase):
    queryset_model = Buyer
    serializer_class = s.BuyerSerializer
    filterset_class = filters.BuyerFilter


class DemandViewSet(OfficeBase):
    queryset_model = Demand
    serializer_class = s.DemandSerializer
    filterset_class = filters.DemandFilter


class OrderViewSet(OrderMixin, OfficeBase):
    filterset_class = filters.OrderFilter

    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        return self.act(orders.deliver_order, s.VersionBody)


class BaseViewSet(OfficeBase):
    queryset_model = Base
    serializer_class = s.BaseSerializer
    filterset_class = filters.BaseFilter


class BoardViewSet(ScopedGenericViewSet):
    """GET the board's figures in the caller's scope (from the maintained tallies)."""

    view_permission = VIEW
    queryset_model = Listing
    serializer_class = s.BoardSerializer

    def list(self, request):
        self.filter_queryset(self.get_queryset())  # a bad filter or ordering is a 400, as on every list
        figures = queries.board(request.user)
        return Response(
            {
                "total": figures["total"],
                "unsold": figures["unsold"],
                "households": figures["households"],
                "months": figures["months"],
                "channels": [{k: v for k, v in r.items() if k != "label"} for r in figures["channels"]],
                "districts": figures["districts"],
                "origins": figures["origins"],
                "bases": figures["bases"],
            }
        )


class MarketViewSet(BuyerBase):
    """Buyers' market: every open listing, public fields only; POST …/order/ {quantity} orders from it."""

    queryset_model = Listing
    serializer_class = s.MarketListingSerializer
    filterset_class = filters.MarketFilter

    def base_queryset(self):
        return queries.market_listings()

    @action(detail=True, methods=["post"])
    def order(self, request, pk=None):
        body = self.body(s.QuantityBody)
        placed = orders.place_order(
            queries.own_buyer(request.user),
            by=request.user,
            lines=[(self.get_object(), body["quantity"], None)],
        )
        return Response(s.OrderSerializer(placed).data, status=status.HTTP_201_CREATED)


class MyDemandViewSet(BuyerBase, mixins.CreateModelMixin):
    queryset_model = Demand
    serializer_class = s.DemandSerializer

    def perform_create(self, serializer):
        serializer.instance = matching_runs.post_demand(
            queries.own_buyer(self.request.user), by=self.request.user, **serializer.validated_data
        )


class MyOrderViewSet(OrderMixin, BuyerBase):
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        return self.act(orders.receive_order, s.VersionBody)

    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        return self.act(orders.pay_order, s.VersionBody)
