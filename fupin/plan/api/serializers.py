from django.utils import timezone
from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.core.masking import MaskedPersonalFieldsMixin
from fupin.plan.models import (
    BudgetLine,
    Measure,
    Plan,
    PlanTask,
    Posting,
    PostingKind,
    ResponsibleUnit,
    Target,
    TaskStatus,
)
from fupin.plan.services import TARGET_FIELDS, TRACKING_FIELDS
from fupin.regions.models import Region


class ResponsibleUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResponsibleUnit
        fields = ["name", "role", "order"]


class MeasureSerializer(serializers.ModelSerializer):
    units = ResponsibleUnitSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "plan", "number", "title", "summary", "units", "version"]


class TargetSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "measure",
            "code",
            *TARGET_FIELDS,
            "version",
        ]
        read_only_fields = ["plan", "measure", "code"]


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", "plan", "measure", "code", "label", "amount"]


class PlanSerializer(serializers.ModelSerializer):
    """The plan; only the weekly-tracking span and due time are writable (PATCH with `version`)."""

    tracking_due_hour = serializers.IntegerField(min_value=0, max_value=23, required=False)
    version = VersionField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "region_code",
            "year",
            "title",
            "document_number",
            "issued_on",
            "active",
            *TRACKING_FIELDS,
            "version",
        ]
        read_only_fields = ["code", "region_code", "year", "title", "document_number", "issued_on", "active"]


class PlanTaskSerializer(serializers.ModelSerializer):
    measure_number = serializers.IntegerField(source="measure.number", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanTask
        fields = [
            "id",
            "measure",
            "measure_number",
            "unit",
            "title",
            "deadline",
            "status",
            "note",
            "overdue",
            "escalated_on",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(timezone.localdate())


class TaskReportSerializer(serializers.Serializer):
    version = VersionField()
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TaskAssignSerializer(serializers.Serializer):
    """POST /api/v1/plan/tasks/: a task of a measure for one of its units, with its own deadline."""

    measure = serializers.PrimaryKeyRelatedField(queryset=Measure.objects.filter(plan__active=True))
    unit = serializers.CharField(max_length=128)
    title = serializers.CharField(max_length=255)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class PostingSerializer(MaskedPersonalFieldsMixin, serializers.ModelSerializer):
    """A first secretary or a town work group; writes go through plan.services (add_posting, update_posting)."""

    personal_fields = {"phone": "phone"}  # a person's phone: masked without the full-value right, audited

    kind = serializers.ChoiceField(choices=PostingKind.choices)
    region_code = serializers.RegexField(r"^\d{12}$", max_length=12)
    villages = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Region.objects.filter(level=5)
    )
    version = VersionField(required=False)

    class Meta:
        model = Posting
        fields = [
            "id",
            "kind",
            "region_code",
            "name",
            "phone",
            "sending_unit",
            "term_starts_on",
            "term_ends_on",
            "on_post",
            "villages",
            "version",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
