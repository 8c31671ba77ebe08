"""The funds API: reads are visible_to(user) + the app's FilterSets; writes call the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action

from fupin.core.api import ScopedGenericViewSet, ScopedListViewSet
from fupin.core.api_writes import ServiceWritesMixin
from fupin.funds import filters, queries, services
from fupin.funds.api import serializers as s
from fupin.funds.models import VIEW, Allocation, Disbursement


class FundViewSet(ScopedGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The funds of the plan's budget lines; `allocated` and `spent` are those of the caller's scope."""

    view_permission = VIEW
    serializer_class = s.FundSerializer
    filterset_class = filters.FundFilter
    ordering_fields = ["id"]

    def get_queryset(self):
        return queries.funds_with_figures(self.request.user).order_by("id")


class AllocationViewSet(ServiceWritesMixin, ScopedListViewSet, mixins.CreateModelMixin):
    """Allocations (资金下达). POST allocates through the service: refused beyond the fund's ceiling."""

    view_permission = VIEW
    queryset_model = Allocation
    serializer_class = s.AllocationSerializer
    filterset_class = filters.AllocationFilter
    ordering_fields = ["id", "allocated_on", "amount", "spent"]

    def get_queryset(self):
        return super().get_queryset().select_related("fund")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.allocate(
            data["fund"],
            by=self.request.user,
            region=data["region"],
            amount=data["amount"],
            document_number=data["document_number"],
            date=data["allocated_on"],
            note=data.get("note", ""),
        )

    @extend_schema(request=s.AllocationReduceSerializer, responses=s.AllocationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.AllocationReduceSerializer)
    def reduce(self, request, pk=None):
        """Lower the amount (never below what is spent); the difference returns to the fund."""
        return self.act(services.reduce_allocation, s.AllocationReduceSerializer)

    @extend_schema(request=s.VersionReasonSerializer, responses=s.AllocationSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.VersionReasonSerializer)
    def cancel(self, request, pk=None):
        """Withdraw an allocation with nothing spent from it; its amount returns to the fund."""
        return self.act(services.cancel_allocation, s.VersionReasonSerializer)


class DisbursementViewSet(ServiceWritesMixin, ScopedListViewSet, mixins.CreateModelMixin):
    """Disbursements (资金支出). POST pays through the service: refused beyond the allocation's balance."""

    view_permission = VIEW
    queryset_model = Disbursement
    serializer_class = s.DisbursementSerializer
    filterset_class = filters.DisbursementFilter
    ordering_fields = ["id", "paid_on", "amount"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.disburse(
            data["allocation"],
            by=self.request.user,
            amount=data["amount"],
            date=data["paid_on"],
            payee_kind=data["payee_kind"],
            payee_name=data["payee_name"],
            household=data.get("household"),
            region_code=data.get("region_code") or None,
            voucher=data["voucher_number"],
            purpose=data.get("purpose", ""),
            confirm_warnings=data.get("confirm_warnings", False),
        )

    @extend_schema(request=s.VersionReasonSerializer, responses=s.DisbursementSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.VersionReasonSerializer)
    def reverse(self, request, pk=None):
        """Reverse a payment (冲销) with a reason; its amount returns to the allocation."""
        return self.act(services.reverse_disbursement, s.VersionReasonSerializer)
