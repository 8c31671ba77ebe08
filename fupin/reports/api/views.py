"""API: periods, assessments (writes through the services, refused when the week is locked), village
reports with their transitions as actions, and reads of the maintained roll-up."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from fupin.core.api import ScopedViewSetMixin
from fupin.core.errors import OutOfScope
from fupin.reports import proposals, queries, services
from fupin.reports.api import serializers
from fupin.reports.choices import AssessmentSource
from fupin.reports.dimensions import ANSWER_FIELDS, DIMENSIONS
from fupin.reports.filters import AssessmentFilter, VillageReportFilter
from fupin.reports.models import Assessment, ReportPeriod, VillageReport


class ReportPeriodViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Weeks; POST opens one (reports.open_period)."""

    serializer_class = serializers.ReportPeriodSerializer
    queryset = ReportPeriod.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self):
        if not self.request.user.prefixes_for("reports.view_assessment"):
            raise PermissionDenied()
        return ReportPeriod.objects.order_by("-starts_on")

    def perform_create(self, serializer):
        serializer.instance = services.open_period(by=self.request.user, **serializer.validated_data)

    @action(detail=True, methods=["post"], url_path="ledger-items")
    def ledger_items(self, request, pk=None):
        """Create assistance-ledger items from this week's proposals (all or nothing)."""
        period = self.get_object()
        body = serializers.ProposalItemsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created, skipped = proposals.create_ledger_items(
            by=request.user,
            period=period,
            assessment_ids=body.validated_data["assessments"],
            days=body.validated_data["days"],
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

    def _save(self, serializer, version=None):
        data = serializer.validated_data
        household = data.get("household") or serializer.instance.household
        period = data.get("period") or serializer.instance.period
        if not self.request.user.has_scoped_perm("reports.view_assessment", household.region_id):
            raise OutOfScope()
        answers = {f: data[f] for f in ANSWER_FIELDS if f in data}
        if serializer.instance is not None:
            current = {f: getattr(serializer.instance, f) for f in ANSWER_FIELDS}
            answers = {**current, **answers}
        serializer.instance = services.save_assessment(
            by=self.request.user,
            period=period,
            household=household,
            answers=answers,
            version=data.get("version", version),
            source=AssessmentSource.API,
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
        return super().get_queryset().order_by("period_id", "region_code")

    def _transition(self, request, name):
        report = self.get_object()
        body = serializers.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.transition_report(report, by=request.user, action=name, **body.validated_data)
        return Response(self.get_serializer(report).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, "submit")

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, "return")

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, "approve")

    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        return self._transition(request, "unlock")


class RollupView(APIView):
    """GET ?region=<prefix>&period=<id>: every indicator for the region and each child, from the roll-up."""

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="region prefix (default: the caller's widest scope)"),
            OpenApiParameter("period", int, description="week id (default: the latest week of the region)"),
        ],
        responses=serializers.RollupSerializer,
    )
    def get(self, request):
        try:
            prefix = queries.check_prefix(
                request.user, request.GET.get("region") or queries.default_prefix(request.user)
            )
        except Http404:
            if not request.user.prefixes_for("reports.view_assessment"):
                raise PermissionDenied() from None
            raise
        period = queries.pick_period(prefix, request.GET.get("period") or None)
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
