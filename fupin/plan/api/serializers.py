from django.utils import timezone
from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.plan.models import BudgetLine, Measure, Plan, PlanTask, ResponsibleUnit, Target, TaskStatus


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
            "label",
            "unit",
            "value",
            "at_least",
            "deadline",
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
            "tracking_starts_on",
            "tracking_ends_on",
            "tracking_due_weekday",
            "tracking_due_hour",
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
