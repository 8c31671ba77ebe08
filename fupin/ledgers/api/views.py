from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from fupin.core.api import ScopedViewSetMixin
from fupin.core.scope import check_anywhere
from fupin.ledgers import queries as board_queries
from fupin.ledgers import services
from fupin.ledgers import supervision as supervision_service
from fupin.ledgers.api import serializers
from fupin.ledgers.choices import LedgerKind
from fupin.ledgers.filters import LedgerItemFilter, SupervisionTargetFilter
from fupin.ledgers.models import LedgerItem, SupervisionTarget

TRANSITIONS = {
    "start": services.start_item,
    "request_close": services.request_close,
    "close": services.close_item,
    "return": services.return_item,
}


class LedgerItemViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
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
        item = self.get_object()
        serializer = serializers.ItemUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = services.update_item(item, by=request.user, version=data.pop("version"), **data)
        return Response(self.get_serializer(item).data)

    def _transition(self, request, name):
        item = self.get_object()
        serializer = serializers.TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = {"by": request.user, "version": serializer.validated_data["version"]}
        if name == "return":
            kwargs["reason"] = serializer.validated_data.get("reason", "")
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
        item = self.get_object()
        if request.method == "POST":
            serializer = serializers.ProgressEntrySerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.add_progress(item, by=request.user, **serializer.validated_data)
        return Response(serializers.ProgressEntrySerializer(item.progress.all(), many=True).data)

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
        item = self.get_object()
        if request.method == "POST":
            serializer = serializers.EvidenceSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.add_evidence(
                item,
                by=request.user,
                text=serializer.validated_data.get("text", ""),
                upload=serializer.validated_data.get("upload"),
            )
        return Response(serializers.EvidenceSerializer(item.evidence.all(), many=True).data)


class SupervisionTargetViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset_model = SupervisionTarget
    serializer_class = serializers.SupervisionTargetSerializer
    filterset_class = SupervisionTargetFilter

    def perform_create(self, serializer):
        serializer.instance = supervision_service.add_target(
            by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=serializers.CheckinSerializer, responses=serializers.CheckinSerializer(many=True))
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=serializers.CheckinSerializer,
        pagination_class=None,
    )
    def checkins(self, request, pk=None):
        target = self.get_object()
        if request.method == "POST":
            serializer = serializers.CheckinSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            supervision_service.check_in(target, by=request.user, **serializer.validated_data)
        return Response(serializers.CheckinSerializer(target.checkins.all(), many=True).data)


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
