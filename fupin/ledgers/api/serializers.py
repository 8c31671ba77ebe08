from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.ledgers.choices import CheckItem, DoneStatus
from fupin.ledgers.models import (
    CollectiveIncome,
    Evidence,
    LedgerItem,
    ProgressEntry,
    RenovationRecord,
    ScreeningCheck,
    ScreeningResult,
    SupervisionCheckin,
    SupervisionTarget,
    VillageProfile,
)
from fupin.ledgers.services import EDITABLE_FIELDS
from fupin.ledgers.supervision import PLAN_FIELDS
from fupin.registry.choices import HousingGrade
from fupin.registry.queries import households_visible_to


class ScopedHouseholdField(serializers.PrimaryKeyRelatedField):
    """Only households the caller can see may be linked."""

    def get_queryset(self):
        return households_visible_to(self.context["request"].user)


class LedgerItemSerializer(serializers.ModelSerializer):
    household = ScopedHouseholdField(required=False, allow_null=True)
    household_number = serializers.CharField(
        source="household.number", read_only=True, allow_null=True, default=None
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = LedgerItem
        fields = [
            "id",
            "region_code",
            "household",
            "household_number",
            "members",
            *EDITABLE_FIELDS,
            "status",
            "overdue",
            "return_reason",
            "close_requested_on",
            "closed_on",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "return_reason",
            "close_requested_on",
            "closed_on",
            "created_at",
            "updated_at",
            "members",
        ]
        extra_kwargs = {"region_code": {"required": False}}

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(self.context["today"])


class ItemUpdateSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = LedgerItem
        fields = [f for f in EDITABLE_FIELDS if f != "measure"] + ["version"]
        extra_kwargs = {f: {"required": False} for f in EDITABLE_FIELDS}


class TransitionSerializer(serializers.Serializer):
    version = VersionField()
    reason = serializers.CharField(required=False, allow_blank=True)


class ProgressEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressEntry
        fields = ["id", "item", "date", "text", "by", "created_at"]
        read_only_fields = ["item", "by", "created_at"]
        extra_kwargs = {"date": {"required": False}}


class EvidenceSerializer(serializers.ModelSerializer):
    upload = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = Evidence
        fields = ["id", "item", "text", "original_name", "size", "content_type", "by", "created_at", "upload"]
        read_only_fields = ["item", "original_name", "size", "content_type", "by", "created_at"]


class SupervisionTargetSerializer(serializers.ModelSerializer):
    done_status = serializers.ChoiceField(
        choices=DoneStatus.choices, read_only=True, help_text="open, requested (awaiting the town), done"
    )

    class Meta:
        model = SupervisionTarget
        fields = [
            "id",
            "kind",
            "group",
            "region_code",
            "household",
            "member",
            *PLAN_FIELDS,
            "people",
            "done",
            "done_on",
            "done_status",
            "done_requested_on",
            "return_reason",
            "version",
        ]
        read_only_fields = ["people", "done", "done_on", "done_requested_on", "return_reason", "version"]


class PlanUpdateSerializer(serializers.ModelSerializer):
    """PATCH of a target's plan (一户一策) with the version read."""

    version = VersionField()

    class Meta:
        model = SupervisionTarget
        fields = [*PLAN_FIELDS, "version"]
        extra_kwargs = {f: {"required": False} for f in PLAN_FIELDS}


class DoneRequestSerializer(serializers.Serializer):
    version = VersionField()
    done_on = serializers.DateField(required=False, allow_null=True)


class ReviewSerializer(serializers.Serializer):
    version = VersionField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CheckinSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionCheckin
        fields = ["id", "month", "text", "by", "created_at"]
        read_only_fields = ["by", "created_at"]


class RenovationSerializer(serializers.ModelSerializer):
    grade_before = serializers.ChoiceField(choices=HousingGrade.choices, required=False, allow_blank=True)
    grade_after = serializers.ChoiceField(choices=HousingGrade.choices, required=False, allow_blank=True)

    class Meta:
        model = RenovationRecord
        fields = [
            "id",
            "grade_before",
            "work",
            "started_on",
            "accepted_on",
            "grade_after",
            "by",
            "created_at",
        ]
        read_only_fields = ["by", "created_at"]


class RenovationAcceptSerializer(serializers.Serializer):
    renovation = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    accepted_on = serializers.DateField()
    grade_after = serializers.ChoiceField(choices=HousingGrade.choices)


class ScreeningResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScreeningResult
        fields = ["item", "passed", "note", "ledger_item"]


class ScreeningSerializer(serializers.ModelSerializer):
    results = ScreeningResultSerializer(many=True, read_only=True)

    class Meta:
        model = ScreeningCheck
        fields = ["id", "scope", "region_code", "household", "checked_on", "collective_income", "results"]


@extend_schema_field(OpenApiTypes.INT)
class HouseholdIdField(ScopedHouseholdField):
    """A household of the caller's scope by its id (typed for the schema where no model says it)."""


class ScreeningCreateSerializer(serializers.Serializer):
    """A screening: a household's (give `household`) or a village's (give `region_code`); `results` maps a
    checklist item to passed (true/false). A village's collective income item is judged from the figure."""

    household = HouseholdIdField(required=False, allow_null=True)
    region_code = serializers.RegexField(r"^\d{12}$", required=False, allow_blank=True)
    checked_on = serializers.DateField(required=False, allow_null=True)
    collective_income = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    results = serializers.DictField(child=serializers.BooleanField())

    def validate_results(self, value):
        unknown = sorted(set(value) - set(CheckItem.values))
        if unknown:
            raise serializers.ValidationError(f"unknown items: {', '.join(unknown)}")
        return {CheckItem(k): v for k, v in value.items()}


class CoverageSerializer(serializers.Serializer):
    screened = serializers.IntegerField(help_text="villages with a village screening")
    villages = serializers.IntegerField(help_text="villages in the caller's scope")
    rate = serializers.FloatField(help_text="percent")


class CollectiveIncomeSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(min_value=2013, max_value=2100)

    class Meta:
        model = CollectiveIncome
        fields = ["year", "amount"]


class VillageSerializer(serializers.ModelSerializer):
    region_code = serializers.RegexField(r"^\d{12}$")
    incomes = CollectiveIncomeSerializer(many=True, read_only=True)

    class Meta:
        model = VillageProfile
        fields = ["id", "region_code", "old_revolutionary", "note", "incomes", "version"]
        read_only_fields = ["version"]


class VillageUpdateSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = VillageProfile
        fields = ["old_revolutionary", "note", "version"]
        extra_kwargs = {"old_revolutionary": {"required": False}, "note": {"required": False}}


class BoardCountsSerializer(serializers.Serializer):
    found = serializers.IntegerField(help_text="all items")
    rectified = serializers.IntegerField(help_text="申请销号 + 已销号")
    in_progress = serializers.IntegerField(help_text="未整改 + 整改中")
    overdue = serializers.IntegerField(help_text="open items past their deadline today")
    closed = serializers.IntegerField(help_text="已销号")
    rate = serializers.FloatField(help_text="closed / found, percent")


class BoardRegionSerializer(BoardCountsSerializer):
    region = serializers.CharField(help_text="child region prefix")
    name = serializers.CharField()


class BoardUnitSerializer(BoardCountsSerializer):
    unit = serializers.CharField(help_text="lead unit")


class BoardKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    total = BoardCountsSerializer()
    regions = BoardRegionSerializer(many=True)
    units = BoardUnitSerializer(many=True)


class BoardSerializer(serializers.Serializer):
    date = serializers.DateField()
    kinds = BoardKindSerializer(many=True)
