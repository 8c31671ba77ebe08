from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.monitoring.models import ExitCase, MonitoringCase, RiskRule, Signal


class SignalSerializer(serializers.ModelSerializer):
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

    household = serializers.IntegerField()
    reason = serializers.CharField(max_length=255)
    risk_type = serializers.CharField(max_length=16)
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
