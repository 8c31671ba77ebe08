"""API of the district ledger reports to the city (R1.2): list and read in scope, POST submits (district
office), and the city's accept / return and the district's resubmit as actions."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fupin.core.api import ScopedViewSetMixin
from fupin.core.api_writes import validated_body
from fupin.ledgers import submission as service
from fupin.ledgers.choices import LedgerKind
from fupin.ledgers.models import LedgerSubmission, LedgerSubmissionStatus
from fupin.ledgers.submission_forms import LedgerSubmissionFilter


class LedgerFiguresSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    open = serializers.IntegerField()
    closed = serializers.IntegerField()
    overdue = serializers.IntegerField()


class LedgerSubmissionSerializer(serializers.ModelSerializer):
    region_code = serializers.RegexField(
        r"^[0-9]{6}([0-9]{6})?$", help_text="the district's code (6 digits or its 12-digit code)"
    )
    kind = serializers.ChoiceField(choices=LedgerKind.choices, default=LedgerKind.ASSISTANCE)
    status = serializers.ChoiceField(choices=LedgerSubmissionStatus.choices, read_only=True)
    figures = LedgerFiguresSerializer(read_only=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    submitted_by = serializers.StringRelatedField(read_only=True, allow_null=True)
    decided_by = serializers.StringRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = LedgerSubmission
        fields = [
            "id",
            "region_code",
            "kind",
            "as_of",
            "status",
            "figures",
            "note",
            "return_reason",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "version",
        ]
        read_only_fields = [
            "return_reason",
            "submitted_at",
            "decided_at",
            "version",
        ]
        validators = []  # once per district, kind and day: the service says so (400 on as_of)


class SubmissionActionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class LedgerSubmissionViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset_model = LedgerSubmission
    serializer_class = LedgerSubmissionSerializer
    filterset_class = LedgerSubmissionFilter

    def get_queryset(self):
        return super().get_queryset().select_related("submitted_by", "decided_by").order_by("-as_of", "id")

    def perform_create(self, serializer):
        serializer.instance = service.submit_ledger(by=self.request.user, **serializer.validated_data)

    def _transition(self, request, name):
        submission = self.get_object()
        body = validated_body(request, SubmissionActionSerializer)
        submission = service.transition_submission(submission, by=request.user, action=name, **body)
        return Response(self.get_serializer(submission).data)

    @extend_schema(request=SubmissionActionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._transition(request, "accept")

    @extend_schema(request=SubmissionActionSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, "return")

    @extend_schema(request=SubmissionActionSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        return self._transition(request, "resubmit")
