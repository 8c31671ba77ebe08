from rest_framework import serializers

from fupin.cooperation.choices import ConfirmState, Light
from fupin.cooperation.models import EntryFile, ExitCriterion, Indicator, IndicatorEntry, Pairing
from fupin.cooperation.services import INDICATOR_FIELDS, PAIRING_FIELDS
from fupin.cooperation.workflow import TRANSITIONS
from fupin.core.api import VersionField

# The bases below carry no docstring: the API schema would show it as the description of each subclass.


class VersionedSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)  # sent back to change the record (PATCH included)


class PairingSerializer(VersionedSerializer):
    class Meta:
        model = Pairing
        fields = ["id", *PAIRING_FIELDS, "version"]


class IndicatorSerializer(VersionedSerializer):
    class Meta:
        model = Indicator
        fields = ["id", *INDICATOR_FIELDS, "confirmed_value", "confirmed_on", "version"]
        read_only_fields = ["confirmed_value", "confirmed_on"]


class ReadingSerializer(serializers.Serializer):
    """An indicator with its figures: the live figure, what counts, the confirmation and the light."""

    indicator = IndicatorSerializer()
    live = serializers.DecimalField(max_digits=16, decimal_places=2)
    counted = serializers.DecimalField(max_digits=16, decimal_places=2)
    confirm = serializers.ChoiceField(choices=ConfirmState.choices)
    share = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    light = serializers.ChoiceField(choices=Light.choices)


class IndicatorEntrySerializer(VersionedSerializer):
    class Meta:
        model = IndicatorEntry
        fields = [
            "id", "indicator", "region_code", "month", "value", "evidence", "status", "reason", "submitted_on",
            "approved_on", "version",
        ]  # fmt: skip
        read_only_fields = ["region_code", "status", "reason", "submitted_on", "approved_on"]


class EntryCreateSerializer(serializers.Serializer):
    month = serializers.DateField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    evidence = serializers.CharField(max_length=4000)


class EntryFileSerializer(serializers.ModelSerializer):
    """A file of evidence of an entry; POST (multipart) `upload` attaches one."""

    upload = serializers.FileField(write_only=True)

    class Meta:
        model = EntryFile
        fields = ["id", "entry", "original_name", "size", "content_type", "created_at", "upload"]
        read_only_fields = ["entry", "original_name", "size", "content_type", "created_at"]


class ActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)  # an action's body: the version the record was read at


class ConfirmSerializer(ActionSerializer):
    pass


class EntryMoveSerializer(ActionSerializer):
    action = serializers.ChoiceField(choices=sorted(TRANSITIONS))
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ExitCriterionSerializer(VersionedSerializer):
    class Meta:
        model = ExitCriterion
        fields = [
            "id", "region_code", "kind", "threshold", "population", "figure", "evidence", "status", "checked_on",
            "ledger_item_id", "version",
        ]  # fmt: skip
        read_only_fields = fields


class CriterionCheckSerializer(ActionSerializer):
    figure = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    evidence = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
