from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.core.masking import MaskedPersonalFieldsMixin
from fupin.employment import models
from fupin.employment.services.enterprises import ENTERPRISE_FIELDS, VACANCY_FIELDS
from fupin.employment.services.laborers import LABORER_FIELDS
from fupin.employment.services.recruitment import EVENT_FIELDS


class LaborerSerializer(MaskedPersonalFieldsMixin, serializers.ModelSerializer):
    personal_fields = {"phone": "phone"}
    version = VersionField()

    class Meta:
        model = models.Laborer
        fields = ["id", "member", "region_code", "name", *LABORER_FIELDS, "version"]
        read_only_fields = ["member", "region_code", "name"]


class SurveyRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.SurveyRound
        fields = ["id", "name", "surveyed_on", "region_code", "created_at"]


class EnterpriseSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)  # required to change one (PATCH)

    class Meta:
        model = models.Enterprise
        fields = ["id", *ENTERPRISE_FIELDS, "version"]
        extra_kwargs = {"credit_code": {"validators": []}}


class VacancySerializer(serializers.ModelSerializer):
    version = VersionField(required=False)  # required to change one (PATCH)

    class Meta:
        model = models.Vacancy
        fields = [
            "id",
            "enterprise",
            *VACANCY_FIELDS,
            "requested_at",
            "first_referral_at",
            "escalated_at",
            "version",
        ]
        read_only_fields = ["requested_at", "first_referral_at", "escalated_at"]
        extra_kwargs = {
            "region_code": {"required": False},
            "industry": {"required": False},
        }


class MatchBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.MatchBatch
        fields = [
            "id",
            "region_code",
            "run_at",
            "laborers",
            "vacancies",
            "seats",
            "edges",
            "objective",
            "proposals",
            "seconds",
        ]
        read_only_fields = [f for f in fields if f != "region_code"]


class MatchRunSerializer(serializers.Serializer):
    """Body of POST employment/match-batches/: the region whose laborers and vacancies are matched."""

    region_code = serializers.RegexField(
        r"^[0-9]{2,12}$", error_messages={"invalid": _("区划代码应为2到12位数字。")}
    )


class MatchRunStatusSerializer(serializers.Serializer):
    """A matching run (a background job): its progress and, once it succeeded, the batch."""

    job = serializers.IntegerField()
    status = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    message = serializers.CharField(allow_blank=True)
    url = serializers.URLField(help_text="this run, to poll")
    page = serializers.URLField(help_text="the run's page for people")
    batch = MatchBatchSerializer(allow_null=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class MatchProposalSerializer(serializers.ModelSerializer):
    reasons = serializers.ListField(source="reason_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = models.MatchProposal
        fields = [
            "id",
            "batch",
            "laborer",
            "vacancy",
            "region_code",
            "score",
            "reasons",
            "cross_region",
            "status",
        ]


class ReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Referral
        fields = [
            "id",
            "proposal",
            "laborer",
            "vacancy",
            "region_code",
            "stage",
            "cross_region",
            "referred_on",
            "interviewed_on",
            "placed_on",
            "month1_on",
            "month3_on",
            "ended_on",
            "note",
            "version",
        ]


class StepSerializer(serializers.Serializer):
    version = VersionField()
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PublicWelfarePostSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.PublicWelfarePost
        fields = [
            "id",
            "region_code",
            "kind",
            "name",
            "temporary",
            "seats",
            "monthly_pay",
            "opened_on",
            "closed_on",
        ]


class OccupancySerializer(serializers.ModelSerializer):
    class Meta:
        model = models.PostOccupancy
        fields = [
            "id",
            "post",
            "laborer",
            "name",
            "region_code",
            "started_on",
            "ended_on",
            "reason",
            "end_note",
        ]
        read_only_fields = ["post", "region_code", "ended_on", "end_note"]
        extra_kwargs = {"name": {"required": False}, "reason": {"required": False}}


class OccupancyEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class SubsidyKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.SubsidyKind
        fields = [
            "id",
            "code",
            "name",
            "beneficiary",
            "amount",
            "basis",
            "max_months",
            "rule",
            "proof_required",
            "legal_basis",
        ]


class SubsidyApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.SubsidyApplication
        fields = [
            "id",
            "kind",
            "laborer",
            "enterprise",
            "region_code",
            "period",
            "months",
            "amount",
            "status",
            "eligibility",
            "proof",
            "applied_on",
            "approved_on",
            "paid_on",
            "payment_ref",
            "disbursement",
            "version",
        ]
        # A client names the kind, the beneficiary, the period and the proof; the services set the rest.
        read_only_fields = [
            f for f in fields if f not in ("id", "kind", "laborer", "enterprise", "period", "months", "proof")
        ]


class SubsidyStepSerializer(serializers.Serializer):
    version = VersionField()
    payment_ref = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SubsidyPaySerializer(serializers.Serializer):
    version = VersionField()
    allocation = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="资金下达 id")
    payment_ref = serializers.CharField(max_length=64)
    on = serializers.DateField(required=False)


class RecruitmentEventSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)  # required to change one (PATCH)
    vacancies = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=models.Vacancy.objects.all(), help_text=_("提供岗位")
    )

    class Meta:
        model = models.RecruitmentEvent
        fields = ["id", *EVENT_FIELDS, "vacancies", "created_at", "version"]
        read_only_fields = ["created_at"]


class OfficerSerializer(MaskedPersonalFieldsMixin, serializers.ModelSerializer):
    personal_fields = {"phone": "phone"}  # a person's phone: masked without the full-value right, audited

    class Meta:
        model = models.EnterpriseOfficer
        fields = ["id", "enterprise", "officer", "name", "phone", "region_code", "assigned_on", "ended_on"]
        read_only_fields = ["region_code", "ended_on", "officer"]  # no account picking: user ids stay unknown
        extra_kwargs = {"name": {"required": False}}


class OfficerEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class ResumptionPointSerializer(serializers.Serializer):
    on = serializers.DateField()
    total = serializers.IntegerField()
    resumed = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class ResumptionSerializer(serializers.Serializer):
    deadline = serializers.DateField(allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    at_deadline = ResumptionPointSerializer(allow_null=True)
    today = ResumptionPointSerializer()
    met = serializers.BooleanField(allow_null=True)
    curve = ResumptionPointSerializer(many=True)
