"""The insurance API: scoped reads, writes through the services, bulk enrolment as a job."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fupin.core.api import ScopedGenericViewSet, ScopedListViewSet
from fupin.core.api_writes import ServiceWritesMixin
from fupin.insurance import filters, jobs, queries, services
from fupin.insurance.api import serializers as s
from fupin.insurance.models import Claim, Policy

VIEW = "insurance.view_policy"


class ProductViewSet(ScopedGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    view_permission = VIEW
    serializer_class = s.ProductSerializer

    def get_queryset(self):
        return queries.products()


class PolicyViewSet(ServiceWritesMixin, ScopedListViewSet):
    """Policies; POST .../enrol/ {product, region_code, year} enrols a region's people as a job."""

    view_permission = VIEW
    queryset_model = Policy
    serializer_class = s.PolicySerializer
    filterset_class = filters.PolicyFilter

    @extend_schema(request=s.EnrolSerializer, responses={202: None})
    @action(detail=False, methods=["post"])
    def enrol(self, request):
        body = self.body(s.EnrolSerializer)
        product = get_object_or_404(queries.products(), pk=body.pop("product"))
        job = jobs.start_enrolment_job(by=request.user, product=product, **body)
        return Response({"id": job.pk, "status": job.status}, status=status.HTTP_202_ACCEPTED)


class ClaimViewSet(ServiceWritesMixin, ScopedListViewSet, mixins.CreateModelMixin):
    view_permission = VIEW
    queryset_model = Claim
    serializer_class = s.ClaimSerializer
    filterset_class = filters.ClaimFilter

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        policy = data.pop("policy")
        serializer.instance = services.file_claim(policy, by=self.request.user, **data)

    @extend_schema(request=s.SettleSerializer, responses=s.ClaimSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        return self.act(services.settle_claim, s.SettleSerializer)
