from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, parsers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from fupin.core.api import ScopedViewSetMixin
from fupin.core.api_writes import validated_body
from fupin.core.scope import check_anywhere
from fupin.ledgers import queries as board_queries
from fupin.ledgers import screening as screening_service
from fupin.ledgers import services
from fupin.ledgers import supervision as supervision_service
from fupin.ledgers.api import serializers
from fupin.ledgers.choices import LedgerKind
from fupin.ledgers.filters import LedgerItemFilter, ScreeningFilter, SupervisionTargetFilter, VillageFilter
from fupin.ledgers.models import LedgerItem, ScreeningCheck, SupervisionTarget, VillageProfile

TRANSITIONS = {
    "start": services.start_item,
    "request_close": services.request_close,
    "close": services.close_item,
    "return": services.return_item,
}


class RecordWritesMixin:
    """The writes of the ledgers' viewsets on the record of the URL: fetched first (an unknown or out-of-scope
    id answers 404 before the body is looked at), then the body, then the service."""

    def patched(self, body_class, service):
        """PATCH: the fields sent (validated by `body_class`, partially) go to `service(record, by=user,
        version=…, **fields)`; answered with the record it returns, as the viewset shows it."""
        record = self.get_object()
        data = validated_body(self.request, body_class, partial=True)
        record = service(record, by=self.request.user, version=data.pop("version"), **data)
        return Response(self.get_serializer(record).data)

    def record_rows(self, serializer_class, add, rows_of):
        """GET the record's rows (progress notes, evidence, check-ins …) as `serializer_class` shows them,
        unpaginated; a POST first adds one through `add(record, fields)`, the body validated by the same
        serializer."""
        record = self.get_object()
        if self.request.method == "POST":
            add(record, validated_body(self.request, serializer_class))
        return Response(serializer_class(rows_of(record), many=True).data)


class LedgerItemViewSet(
    RecordWritesMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Ledger items in the caller's scope; writes and transitions go through the services."""

    queryset_model = LedgerItem
    serializer_class = serializers.LedgerItemSerializer
    filterset_class = LedgerItemFilter
    ordering_fields = ["deadline", "created_at", "region_code", "priority"]

    def get_queryset(self):
        self.request.today = timezone.localdate()
        return super().get_queryset().select_related("household").prefetch_related("members")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def _require(self, permission):
        check_anywhere(self.request.user, permission)

    def perform_create(self, serializer):
        self._require("ledgers.create_item")
        data = dict(serializer.validated_data)
        data.pop("version", None)
        region_code = data.pop("region_code", "") or (
            data["household"].region_id if data.get("household") else ""
        )
        serializer.instance = services.create_item(by=self.request.user, region_code=region_code, **data)

    @extend_schema(request=serializers.ItemUpdateSerializer, responses=serializers.LedgerItemSerializer)
    def partial_update(self, request, pk=None):
        return self.patched(serializers.ItemUpdateSerializer, services.update_item)

    def _transition(self, request, name):
        item = self.get_object()
        data = validated_body(request, serializers.TransitionSerializer)
        kwargs = {"by": request.user, "version": data["version"]}
        if name == "return":
            kwargs["reason"] = data.get("reason", "")
        item = TRANSITIONS[name](item, **kwargs)
        return Response(serializers.LedgerItemSerializer(item, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.TransitionSerializer, responses=serializers.LedgerItemSerializer)
    @action(detail=True, methods=["post"], serializer_class=serializers.TransitionSerializer)
    def start(self, request, pk=None):
        return self._transition(request, "start")

    @extend_schema(request=serializers.TransitionSerializer, responses=serializers.LedgerItemSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="request-close",
        serializer_class=serializers.TransitionSerializer,
    )
    def request_close(self, request, pk=None):
        return self._transition(request, "request_close")

    @extend_schema(request=serializers.TransitionSerializer, responses=serializers.LedgerItemSerializer)
    @action(detail=True, methods=["post"], serializer_class=serializers.TransitionSerializer)
    def close(self, request, pk=None):
        return self._transition(request, "close")

    @extend_schema(request=serializers.TransitionSerializer, responses=serializers.LedgerItemSerializer)
    @action(
        detail=True, methods=["post"], url_path="return", serializer_class=serializers.TransitionSerializer
    )
    def return_item(self, request, pk=None):
        return self._transition(request, "return")

    @extend_schema(
        request=serializers.ProgressEntrySerializer,
        responses=serializers.ProgressEntrySerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=serializers.ProgressEntrySerializer,
        pagination_class=None,  # the whole list, unpaginated (and documented so)
    )
    def progress(self, request, pk=None):
        return self.record_rows(
            serializers.ProgressEntrySerializer,
            lambda item, data: services.add_progress(item, by=request.user, **data),
            lambda item: item.progress.all(),
        )

    @extend_schema(
        request={
            "multipart/form-data": serializers.EvidenceSerializer,
            "application/json": serializers.EvidenceSerializer,
        },
        responses=serializers.EvidenceSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=serializers.EvidenceSerializer,
        pagination_class=None,
        parser_classes=[parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser],
    )
    def evidence(self, request, pk=None):
        return self.record_rows(
            serializers.EvidenceSerializer,
            lambda item, data: services.add_evidence(
                item, by=request.user, text=data.get("text", ""), upload=data.get("upload")
            ),
            lambda item: item.evidence.all(),
        )


class SupervisionTargetViewSet(
    RecordWritesMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Supervision targets (挂牌督战) in the caller's scope: the plan edited with PATCH, check-ins, renovation
    records, and completion reported by the village (request-done) and reviewed by the town."""

    queryset_model = SupervisionTarget
    serializer_class = serializers.SupervisionTargetSerializer
    filterset_class = SupervisionTargetFilter
    ordering_fields = ["deadline", "id", "region_code", "plan_money", "people"]

    def perform_create(self, serializer):
        serializer.instance = supervision_service.add_target(
            by=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        request=serializers.PlanUpdateSerializer, responses=serializers.SupervisionTargetSerializer
    )
    def partial_update(self, request, pk=None):
        return self.patched(serializers.PlanUpdateSerializer, supervision_service.update_plan)

    @extend_schema(request=serializers.CheckinSerializer, responses=serializers.CheckinSerializer(many=True))
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=serializers.CheckinSerializer,
        pagination_class=None,
    )
    def checkins(self, request, pk=None):
        return self.record_rows(
            serializers.CheckinSerializer,
            lambda target, data: supervision_service.check_in(target, by=request.user, **data),
            lambda target: target.checkins.all(),
        )

    @extend_schema(
        request=serializers.DoneRequestSerializer, responses=serializers.SupervisionTargetSerializer
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="request-done",
        serializer_class=serializers.DoneRequestSerializer,
    )
    def request_done(self, request, pk=None):
        target = self.get_object()
        data = validated_body(request, serializers.DoneRequestSerializer)
        target = supervision_service.request_done(target, by=request.user, **data)
        return Response(serializers.SupervisionTargetSerializer(target).data)

    def _review(self, request, service, with_reason=False):
        target = self.get_object()
        data = validated_body(request, serializers.ReviewSerializer)
        kwargs = {"reason": data.get("reason", "")} if with_reason else {}
        target = service(target, by=request.user, version=data["version"], **kwargs)
        return Response(serializers.SupervisionTargetSerializer(target).data)

    @extend_schema(request=serializers.ReviewSerializer, responses=serializers.SupervisionTargetSerializer)
    @action(
        detail=True, methods=["post"], url_path="accept-done", serializer_class=serializers.ReviewSerializer
    )
    def accept_done(self, request, pk=None):
        return self._review(request, supervision_service.accept_done)

    @extend_schema(request=serializers.ReviewSerializer, responses=serializers.SupervisionTargetSerializer)
    @action(
        detail=True, methods=["post"], url_path="return-done", serializer_class=serializers.ReviewSerializer
    )
    def return_done(self, request, pk=None):
        return self._review(request, supervision_service.return_done, with_reason=True)

    @extend_schema(
        request=serializers.RenovationSerializer, responses=serializers.RenovationSerializer(many=True)
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=serializers.RenovationSerializer,
        pagination_class=None,
    )
    def renovations(self, request, pk=None):
        return self.record_rows(
            serializers.RenovationSerializer,
            lambda target, data: supervision_service.record_renovation(target, by=request.user, **data),
            lambda target: target.renovations.all(),
        )

    @extend_schema(
        request=serializers.RenovationAcceptSerializer, responses=serializers.RenovationSerializer(many=True)
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="accept-renovation",
        serializer_class=serializers.RenovationAcceptSerializer,
    )
    def accept_renovation(self, request, pk=None):
        target = self.get_object()
        data = validated_body(request, serializers.RenovationAcceptSerializer)
        renovation = get_object_or_404(target.renovations, pk=data.pop("renovation"))
        supervision_service.accept_renovation(renovation, by=request.user, **data)
        return Response(serializers.RenovationSerializer(target.renovations.all(), many=True).data)


class ScreeningViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Screenings (全面排查) in the caller's scope; POST records one (failed items become problem items)."""

    queryset_model = ScreeningCheck
    serializer_class = serializers.ScreeningSerializer
    filterset_class = ScreeningFilter
    ordering_fields = ["checked_on", "id", "region_code"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("results")

    @extend_schema(request=serializers.ScreeningCreateSerializer, responses=serializers.ScreeningSerializer)
    def create(self, request):
        data = validated_body(request, serializers.ScreeningCreateSerializer, context={"request": request})
        check = screening_service.screen(
            by=request.user,
            region_code=data.get("region_code") or "",
            household=data.get("household"),
            results=data["results"],
            collective_income=data.get("collective_income"),
            checked_on=data.get("checked_on"),
        )
        return Response(serializers.ScreeningSerializer(check).data, status=201)

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=False)], responses=serializers.CoverageSerializer
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def coverage(self, request):
        """Villages screened among the villages of the caller's scope (of `year` when given)."""
        year = request.query_params.get("year") or None
        if year is not None and not (year.isdigit() and 2013 <= int(year) <= 2100):
            raise ValidationError({"year": "2013-2100"})
        return Response(board_queries.screening_coverage(request.user, int(year) if year else None))


class VillageViewSet(
    RecordWritesMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The village register (村情登记): old revolutionary villages (革命老区村) and collective income by year."""

    queryset_model = VillageProfile
    serializer_class = serializers.VillageSerializer
    filterset_class = VillageFilter
    ordering_fields = ["region_code", "id"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("incomes")

    def perform_create(self, serializer):
        serializer.instance = screening_service.register_village(
            by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=serializers.VillageUpdateSerializer, responses=serializers.VillageSerializer)
    def partial_update(self, request, pk=None):
        return self.patched(serializers.VillageUpdateSerializer, screening_service.update_village)

    @extend_schema(
        request=serializers.CollectiveIncomeSerializer,
        responses=serializers.CollectiveIncomeSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=serializers.CollectiveIncomeSerializer,
        pagination_class=None,
        filterset_class=None,
    )
    def incomes(self, request, pk=None):
        return self.record_rows(
            serializers.CollectiveIncomeSerializer,
            lambda village, data: screening_service.record_collective_income(
                by=request.user, region_code=village.region_code, **data
            ),
            lambda village: village.incomes.all(),
        )


class BoardView(APIView):
    """GET: the ledger board of the caller's scope, per kind: totals, by child region and by lead unit.

    The same counts as the board page (`/ledgers/`): found, rectified, in progress, overdue, closed and the
    closing rate in percent; overdue is counted for today.
    """

    @extend_schema(responses=serializers.BoardSerializer)
    def get(self, request):
        check_anywhere(request.user, "ledgers.view_item")
        data = board_queries.board(
            LedgerItem.objects.visible_to(request.user),
            timezone.localdate(),
            group_prefix=board_queries.board_prefix(request.user),
            tally_rows=board_queries.tally_rows_for(request.user),
        )
        names = board_queries.region_names({code for kind in data.values() for code, _row in kind["regions"]})
        kinds = [
            {
                "kind": kind,
                "label": str(LedgerKind(kind).label),
                "total": counts["total"],
                "regions": [
                    {"region": code, "name": names.get(code, code), **row} for code, row in counts["regions"]
                ],
                "units": [{"unit": unit, **row} for unit, row in counts["units"]],
            }
            for kind, counts in data.items()
        ]
        return Response({"date": timezone.localdate(), "kinds": kinds})
