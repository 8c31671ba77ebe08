from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.ledgers.models import Evidence, LedgerItem, ProgressEntry, SupervisionCheckin, SupervisionTarget
from fupin.ledgers.services import EDITABLE_FIELDS
from fupin.ledgers.supervision import PLAN_FIELDS
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
            "done",
            "done_on",
            "version",
        ]
        read_only_fields = ["done", "done_on", "version"]


class CheckinSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionCheckin
        fields = ["id", "month", "text", "money_spent", "by", "created_at"]
        read_only_fields = ["by", "created_at"]


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
