import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fupin.core.api import VersionField, confirm_warnings_field
from fupin.reports.choices import RecipientKind, Timeliness
from fupin.reports.dimensions import ANSWER_FIELDS
from fupin.reports.models import Assessment, ReportPeriod, SupplyAllocation, VillageReport


class ReportPeriodSerializer(serializers.ModelSerializer):
    iso_year = serializers.IntegerField(min_value=2019, max_value=2100)
    iso_week = serializers.IntegerField(min_value=1, max_value=53)
    region_prefix = serializers.RegexField(
        r"^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$",
        max_length=12,
        error_messages={"invalid": _("区域前缀应为2、4、6、9或12位数字。")},
    )

    class Meta:
        model = ReportPeriod
        fields = ["id", "iso_year", "iso_week", "region_prefix", "starts_on", "ends_on", "due_at"]
        read_only_fields = ["starts_on", "ends_on", "due_at"]
        validators = []  # one week per region tree: the service says so (400 on iso_week)

    def validate(self, attrs):
        """A week the year does not have (53 in most years) is a 400 naming the week, never a 500."""
        try:
            datetime.date.fromisocalendar(attrs["iso_year"], attrs["iso_week"], 1)
        except ValueError:
            raise serializers.ValidationError(
                {
                    "iso_week": _("%(year)s年没有第%(week)s周。")
                    % {"year": attrs["iso_year"], "week": attrs["iso_week"]}
                }
            ) from None
        return attrs


class AssessmentSerializer(serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)
    version = VersionField(required=False)  # required to change one (PATCH, or POST of one that exists)
    confirm_warnings = confirm_warnings_field("answers")

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
            "warnings",
            "source",
            "version",
            "updated_at",
            "confirm_warnings",
        ]
        read_only_fields = ["region_code", "newly_affected", "warnings", "source", "updated_at"]
        validators = []  # uniqueness (one per household and week) is the service's upsert


class VillageReportSerializer(serializers.ModelSerializer):
    timeliness = serializers.SerializerMethodField(help_text="on_time, late, missing or pending")

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
            "late_minutes",
            "timeliness",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Timeliness.choices))
    def get_timeliness(self, report) -> str:
        return report.timeliness(timezone.now())


class SupplyAllocationSerializer(serializers.ModelSerializer):
    """Protective supplies to an enterprise (name and credit code), a household (its id) or a village."""

    recipient_kind = serializers.ChoiceField(choices=RecipientKind.choices)
    region_code = serializers.RegexField(
        r"^[0-9]{12}$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": _("区划代码应为12位数字。")},
        help_text="the enterprise's or the village's 12-digit code (not for a household)",
    )
    enterprise_name = serializers.CharField(required=False, allow_blank=True, max_length=128)
    credit_code = serializers.CharField(required=False, allow_blank=True, max_length=18)
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    skip_reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

    class Meta:
        model = SupplyAllocation
        fields = [
            "id",
            "allocated_on",
            "recipient_kind",
            "region_code",
            "household",
            "enterprise_name",
            "credit_code",
            "item",
            "quantity",
            "skip_reason",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class ReportTransitionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)
    version = serializers.IntegerField(required=False)


class ProposalItemsSerializer(serializers.Serializer):
    """Body of POST reports/periods/{id}/ledger-items/: the chosen proposals and the deadline in days."""

    assessments = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False)
    days = serializers.IntegerField(min_value=1, max_value=365, default=14)


class ProposalItemsResultSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField(), help_text="ids of the items created")
    existing = serializers.ListField(child=serializers.IntegerField(), help_text="ids of items already there")


class RollupQuerySerializer(serializers.Serializer):
    """The query of GET reports/rollup/."""

    region = serializers.RegexField(
        r"^[0-9]{2,12}$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": _("区划代码应为2到12位数字。")},
        help_text="region prefix (default: the caller's widest scope)",
    )
    period = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text="week id (default: the latest week with assessments in the region)",
    )


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
