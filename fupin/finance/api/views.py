"""The finance API: scoped reads, writes through the services, the quarterly subsidy as a job."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fupin.core.api import ScopedListViewSet
from fupin.core.api_writes import ServiceWritesMixin
from fupin.finance import filters, jobs, queries, services
from fupin.finance.api import serializers as s
from fupin.finance.models import InterestSubsidy, Loan
from fupin.registry.queries import household_numbered

VIEW = "finance.view_loan"


class FinanceBase(ServiceWritesMixin, ScopedListViewSet):
    view_permission = VIEW


class LoanViewSet(FinanceBase, mixins.CreateModelMixin):
    queryset_model = Loan
    serializer_class = s.LoanSerializer
    filterset_class = filters.LoanFilter
    ordering_fields = ["id", "disbursed_on", "amount", "balance"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        household = data.pop("household", None)
        if household:
            data["household"] = household_numbered(self.request.user, household["number"])
        serializer.instance = services.register_loan(by=self.request.user, **data)

    @extend_schema(request=s.RepaymentSerializer, responses={201: s.LoanSerializer})
    @action(detail=True, methods=["post"])
    def repay(self, request, pk=None):
        loan = self.get_object()
        services.record_repayment(loan, by=request.user, **self.body(s.RepaymentSerializer))
        loan.refresh_from_db()
        return Response(s.LoanSerializer(loan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DeferSerializer, responses=s.LoanSerializer)
    @action(detail=True, methods=["post"])
    def defer(self, request, pk=None):
        return self.act(services.defer_loan, s.DeferSerializer)

    @extend_schema(request=s.LoanLinkSerializer, responses={201: s.LoanHouseholdSerializer})
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        loan = self.get_object()
        household = household_numbered(request.user, self.body(s.LoanLinkSerializer)["household"])
        link = services.link_loan_household(loan, by=request.user, household=household)
        return Response(s.LoanHouseholdSerializer(link).data, status=status.HTTP_201_CREATED)


class SubsidyViewSet(FinanceBase):
    """Interest subsidies paid; POST .../run/ {allocation, quarter} starts the quarter's subsidy job."""

    queryset_model = InterestSubsidy
    serializer_class = s.SubsidySerializer
    filterset_class = filters.SubsidyFilter

    @extend_schema(request=s.SubsidyRunSerializer, responses={202: s.JobSerializer})
    @action(detail=False, methods=["post"])
    def run(self, request):
        body = self.body(s.SubsidyRunSerializer)
        allocation = get_object_or_404(queries.subsidy_allocations(request.user), pk=body["allocation"])
        job = jobs.start_subsidy_job(by=request.user, allocation=allocation, quarter=body["quarter"])
        return Response({"id": job.pk, "status": job.status}, status=status.HTTP_202_ACCEPTED)
