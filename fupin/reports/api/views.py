"""API: periods, assessments (writes through the services, refused when the week is locked), village
reports with their transitions as actions, and reads of the maintained roll-up."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from fupin.core.api import ScopedViewSetMixin, VersionField
from fupin.core.api_writes import validated_body
from fupin.core.scope import check_anywhere, check_scope
from fupin.reports import proposals, queries, services
from fupin.reports.api import serializers
from fupin.reports.choices import AssessmentSource
from fupin.reports.dimensions import ANSWER_FIELDS, DIMENSIONS
from fupin.reports.filters import AssessmentFilter, SupplyAllocationFilter, VillageReportFilter
from fupin.reports.models import Assessment, ReportPeriod, SupplyAllocation, VillageReport


class ReportPeriodViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Weeks; POST opens one (reports.open_period)."""

    serializer_class = serializers.ReportPeriodSerializer
    queryset = ReportPeriod.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        check_anywhere(self.request.user, "reports.view_assessment")
        return ReportPeriod.objects.order_by("-starts_on")

    def perform_create(self, serializer):
        serializer.instance = services.open_period(by=self.request.user, **serializer.validated_data)

    @extend_schema(
        request=serializers.ProposalItemsSerializer,
        responses={
            201: serializers.ProposalItemsResultSerializer,
            200: serializers.ProposalItemsResultSerializer,
        },
    )
    @action(detail=True, methods=["post"], url_path="ledger-items")
    def ledger_items(self, request, pk=None):
        """Create assistance-ledger items from this week's proposals (all or nothing)."""
        period = self.get_object()
        body = validated_body(request, serializers.ProposalItemsSerializer)
        created, skipped = proposals.create_ledger_items(
            by=request.user, period=period, assessment_ids=body["assessments"], days=body["days"]
        )
        return Response(
            {"created": [i.pk for i in created], "existing": [i.pk for i in skipped]},
            status=201 if created else 200,
        )


class AssessmentViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Household assessments in scope; POST is an upsert for (period, household)."""

    queryset_model = Assessment
    serializer_class = serializers.AssessmentSerializer
    filterset_class = AssessmentFilter

    def get_queryset(self):
        return super().get_queryset().select_related("household").order_by("period_id", "region_code", "id")

    def _save(self, serializer):
        data = serializer.validated_data
        household = data.get("household") or serializer.instance.household
        period = data.get("period") or serializer.instance.period
        check_scope(self.request.user, "reports.view_assessment", household.region_id)
        existing = (
            serializer.instance or Assessment.objects.filter(period=period, household=household).first()
        )
        version = data.get("version")
        if version is None:
            if existing is not None:  # the upsert of a household already assessed this week
                raise ValidationError({"version": [VersionField.default_error_messages["required"]]})
            version = 0  # meant as new: created meanwhile by someone else, it is a conflict
        answers = {f: data[f] for f in ANSWER_FIELDS if f in data}
        if existing is not None:
            current = {f: getattr(existing, f) for f in ANSWER_FIELDS}
            answers = {**current, **answers}
        serializer.instance = services.save_assessment(
            by=self.request.user,
            period=period,
            household=household,
            answers=answers,
            version=version,
            source=AssessmentSource.API,
            confirm_warnings=data.get("confirm_warnings", False),
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def perform_destroy(self, instance):
        services.delete_assessment(by=self.request.user, assessment=instance)


class VillageReportViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset_model = VillageReport
    serializer_class = serializers.VillageReportSerializer
    filterset_class = VillageReportFilter

    def get_queryset(self):
        # `timeliness` reads the week's due time: the week comes with each report, not one query per row.
        return super().get_queryset().select_related("period").order_by("period_id", "region_code")

    def _transition(self, request, name):
        report = self.get_object()
        body = validated_body(request, serializers.ReportTransitionSerializer)
        report = services.transition_report(report, by=request.user, action=name, **body)
        return Response(self.get_serializer(report).data)

    @extend_schema(request=serializers.ReportTransitionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, "submit")

    @extend_schema(request=serializers.ReportTransitionSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, "return")

    @extend_schema(request=serializers.ReportTransitionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, "approve")

    @extend_schema(request=serializers.ReportTransitionSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        return self._transition(request, "unlock")


class SupplyAllocationViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Protective supplies in scope; POST records one (priority recipients first, else a reason)."""

    queryset_model = SupplyAllocation
    serializer_class = serializers.SupplyAllocationSerializer
    filterset_class = SupplyAllocationFilter

    def get_queryset(self):
        return super().get_queryset().select_related("household").order_by("-allocated_on", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        household = data.pop("household", None)
        if household is not None:
            check_scope(self.request.user, "reports.view_assessment", household.region_id)
        serializer.instance = services.allocate_supplies(by=self.request.user, household=household, **data)


class RollupView(APIView):
    """GET ?region=<prefix>&period=<id>: every indicator for the region and each child, from the roll-up."""

    @extend_schema(parameters=[serializers.RollupQuerySerializer], responses=serializers.RollupSerializer)
    def get(self, request):
        query = serializers.RollupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        prefix = queries.check_prefix(
            request.user, query.validated_data.get("region") or queries.default_prefix(request.user)
        )
        period = queries.pick_period(prefix, query.validated_data.get("period"))
        if period is None:
            raise Http404
        table = queries.indicator_table(period, prefix)
        codes = [d.code for d in DIMENSIONS]
        return Response(
            {
                "period": period.pk,
                "region": prefix,
                "indicators": [{"code": d.code, "label": str(d.label)} for d in DIMENSIONS],
                "total": dict(zip(codes, table["total"], strict=True)),
                "change": dict(zip(codes, table["change"], strict=True)) if table["change"] else None,
                "children": [
                    {
                        "region": r["prefix"],
                        "name": r["region"].name,
                        "values": dict(zip(codes, r["values"], strict=True)),
                    }
                    for r in table["rows"]
                ],
            }
        )
