from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.monitoring.choices import Department, RiskType
from fupin.monitoring.models import ExitCase, MonitoringCase, RiskRule, Signal


class SignalSerializer(serializers.ModelSerializer):
    # Blank on signals of the other channels (only department lists name a department; a rule or a screening
    # may give no risk type): declared so that the schema's enum admits "" (a read-only field built from the
    # model loses allow_blank).
    department = serializers.ChoiceField(choices=Department.choices, allow_blank=True, read_only=True)
    risk_type = serializers.ChoiceField(choices=RiskType.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Signal
        fields = [
            "id",
            "household",
            "region_code",
            "channel",
            "department",
            "rule",
            "rule_version",
            "reason",
            "colour",
            "risk_type",
            "detected_on",
            "status",
            "case",
            "income",
            "rigid_spending",
        ]
        read_only_fields = fields


class ApplicationBody(serializers.Serializer):
    """POST …/signals/: a household's application (农户申报)."""

    household = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = serializers.CharField(max_length=255)
    risk_type = serializers.ChoiceField(choices=RiskType.choices)
    income = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    rigid_spending = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringCase
        fields = [
            "id",
            "household",
            "region_code",
            "purpose",
            "kind",
            "risk_type",
            "colour",
            "step",
            "outcome",
            "opened_on",
            "step_started_on",
            "step_deadline",
            "due_on",
            "closed_on",
            "escalated_on",
            "monitored",
            "appraisal",
            "version",
        ]
        read_only_fields = fields


class ApproveBody(serializers.Serializer):
    version = VersionField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    appraisal = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RejectBody(serializers.Serializer):
    version = VersionField()
    note = serializers.CharField(max_length=500)


class RuleSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = RiskRule
        fields = ["id", "code", "kind", "name", "params", "reason", "colour", "active", "version"]
        read_only_fields = ["code", "kind"]


class ExitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExitCase
        fields = [
            "id",
            "household",
            "region_code",
            "step",
            "criteria",
            "proposed_on",
            "appraisal",
            "notice_starts_on",
            "notice_ends_on",
            "verified_on",
            "announced_on",
            "closed_on",
            "exit_year",
            "version",
        ]
        read_only_fields = fields


class MonitoringBoardRegionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="the child region's code prefix (a district, town or village)")
    name = serializers.CharField()
    open_signals = serializers.IntegerField(help_text="signals awaiting assessment (待研判)")
    pending = serializers.IntegerField(help_text="cases under way at the village, town or county step")
    overdue = serializers.IntegerField(help_text="cases whose current step is past its time limit today")
    monitored = serializers.IntegerField(help_text="households monitored now (confirmed, risk not cleared)")


def _counts(help_text):
    return serializers.DictField(child=serializers.IntegerField(), help_text=help_text)


class MonitoringBoardSerializer(serializers.Serializer):
    """The early-warning board (预警看板) in the caller's scope; counts keyed by code-list values."""

    regions = MonitoringBoardRegionSerializer(many=True)
    open_signals = serializers.IntegerField()
    signals_by_colour = _counts("open signals per colour (ColourEnum)")
    signals_by_channel = _counts("open signals per channel (ChannelEnum)")
    by_step = _counts("cases under way per step (CaseStepEnum: village, town, county)")
    overdue = serializers.IntegerField(help_text="cases whose current step is past its time limit today")
    monitored = serializers.IntegerField(help_text="households monitored now")
    by_kind = _counts("monitored households per type (MonitoringMarkEnum)")
    by_risk_type = _counts("monitored households per cause (RiskTypeEnum)")
    by_colour = _counts("monitored households per colour (ColourEnum)")
    cleared = serializers.IntegerField(help_text="cases ended with the risk cleared (风险已消除)")
    recurring = serializers.IntegerField(help_text="households with an open signal after a case that ended")
    exits_by_step = _counts("exit procedures per step (ExitStepEnum)")
