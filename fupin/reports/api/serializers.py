from rest_framework import serializers

from fupin.reports.dimensions import ANSWER_FIELDS
from fupin.reports.models import Assessment, ReportPeriod, VillageReport


class ReportPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportPeriod
        fields = ["id", "iso_year", "iso_week", "region_prefix", "starts_on", "ends_on", "due_at"]
        read_only_fields = ["starts_on", "ends_on", "due_at"]


class AssessmentSerializer(serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "period",
            "household",
            "household_number",
            "region_code",
            *ANSWER_FIELDS,
            "newly_affected",
            "source",
            "version",
            "updated_at",
        ]
        read_only_fields = ["region_code", "newly_affected", "source", "updated_at"]
        extra_kwargs = {"version": {"required": False}}
        validators = []  # uniqueness (one per household and week) is the service's upsert


class VillageReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = VillageReport
        fields = [
            "id",
            "period",
            "region_code",
            "status",
            "expected",
            "assessed",
            "return_reason",
            "submitted_at",
            "town_approved_at",
            "approved_at",
            "version",
        ]
        read_only_fields = fields


class TransitionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)
    version = serializers.IntegerField(required=False)


class ProposalItemsSerializer(serializers.Serializer):
    """Body of POST reports/periods/{id}/ledger-items/: the chosen proposals and the deadline in days."""

    assessments = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False)
    days = serializers.IntegerField(min_value=1, max_value=365, default=14)


class RollupChildSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="child region prefix")
    name = serializers.CharField()
    values = serializers.DictField(child=serializers.IntegerField(), help_text="indicator code → count")


class RollupSerializer(serializers.Serializer):
    period = serializers.IntegerField()
    region = serializers.CharField()
    indicators = serializers.ListField(child=serializers.DictField(), help_text="[{code, label}]")
    total = serializers.DictField(child=serializers.IntegerField(), help_text="indicator code → count")
    change = serializers.DictField(
        child=serializers.IntegerField(), allow_null=True, help_text="change against the week before"
    )
    children = RollupChildSerializer(many=True)
