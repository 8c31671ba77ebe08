"""The cooperation API: reads from either side (`queries.visible`), writes through the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import parsers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fupin.cooperation import filters, queries, services
from fupin.cooperation.api import serializers as s
from fupin.cooperation.models import VIEW, EntryFile, ExitCriterion, Indicator, IndicatorEntry, Pairing
from fupin.core.api import ScopedListViewSet
from fupin.core.api_writes import CreateAndPatchMixin, ServiceWritesMixin


class CooperationBase(ServiceWritesMixin, ScopedListViewSet):
    view_permission = VIEW

    def base_queryset(self):
        return queries.visible(self.queryset_model, self.request.user)


class PairingViewSet(CreateAndPatchMixin, CooperationBase):
    queryset_model = Pairing
    serializer_class = s.PairingSerializer
    filterset_class = filters.PairingFilter
    ordering_fields = ["id", "region_code", "year", "gift"]
    write_fields = services.PAIRING_FIELDS
    create_service = services.create_pairing
    update_service = services.update_pairing


class IndicatorViewSet(CreateAndPatchMixin, CooperationBase):
    """Indicators; GET .../reading/ gives the figures, POST .../confirm/ {version} confirms the county's
    figure, POST .../entries/ {month, value, evidence} enters a month."""

    queryset_model = Indicator
    serializer_class = s.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    ordering_fields = ["id", "region_code", "area", "deadline", "target"]
    write_fields = services.INDICATOR_FIELDS
    create_service = services.create_indicator
    update_service = services.update_indicator

    @extend_schema(responses=s.ReadingSerializer)
    @action(detail=True, methods=["get"])
    def reading(self, request, pk=None):
        return Response(s.ReadingSerializer(queries.reading_of(self.get_object())).data)

    @extend_schema(request=s.ConfirmSerializer, responses=s.IndicatorSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self.act(services.confirm_indicator, s.ConfirmSerializer)

    @extend_schema(request=s.EntryCreateSerializer, responses={201: s.IndicatorEntrySerializer})
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        return self.act(
            services.enter_entry,
            s.EntryCreateSerializer,
            result_class=s.IndicatorEntrySerializer,
            code=status.HTTP_201_CREATED,
        )


class IndicatorEntryViewSet(CooperationBase):
    """Monthly entries; POST .../move/ {version, action: submit|approve|return, reason}."""

    queryset_model = IndicatorEntry
    serializer_class = s.IndicatorEntrySerializer
    filterset_class = filters.EntryFilter
    ordering_fields = ["id", "region_code", "month", "value"]

    @extend_schema(request=s.EntryMoveSerializer, responses=s.IndicatorEntrySerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        return self.act(services.move_entry, s.EntryMoveSerializer)

    @extend_schema(
        request={"multipart/form-data": s.EntryFileSerializer},
        responses=s.EntryFileSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=s.EntryFileSerializer,
        pagination_class=None,  # an entry's few files, unpaginated (and documented so)
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
    )
    def files(self, request, pk=None):
        """GET: the entry's files of evidence; POST (multipart `upload`): attach one (draft or returned)."""
        entry = self.get_object()
        if request.method == "POST":
            serializer = s.EntryFileSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.add_entry_file(entry, by=request.user, upload=serializer.validated_data["upload"])
        attached = queries.visible(EntryFile, request.user).filter(entry=entry)
        return Response(s.EntryFileSerializer(attached, many=True).data)


class ExitCriterionViewSet(CooperationBase):
    """A county's exit criteria; POST .../check/ {version, figure?, evidence?} checks one."""

    queryset_model = ExitCriterion
    serializer_class = s.ExitCriterionSerializer
    filterset_fields = ["kind", "status"]
    ordering_fields = ["id", "region_code", "kind"]

    @extend_schema(request=s.CriterionCheckSerializer, responses=s.ExitCriterionSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        return self.act(services.check_criterion, s.CriterionCheckSerializer)
