from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.industry.choices import BenefitKind, IndustryKind
from fupin.industry.models import HouseholdIndustry, LeadingIndustry, Project, ProjectHousehold
from fupin.industry.services import PROJECT_FIELDS
from fupin.industry.workflow import TRANSITIONS

# What the services set as a project moves and is paid (never written by a client).
PROJECT_STATE = ["funded", "status", "approved_on", "started_on", "accepted_on", "operating_on"]


class ProjectSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)  # required to change a project (PATCH)

    class Meta:
        model = Project
        fields = ["id", *PROJECT_FIELDS, *PROJECT_STATE, "version"]
        read_only_fields = PROJECT_STATE

    def get_fields(self):
        from fupin.industry.queries import operators_visible_to

        fields = super().get_fields()
        request = self.context.get("request")
        fields["operator"].queryset = operators_visible_to(getattr(request, "user", None))
        return fields


class MoveSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    action = serializers.ChoiceField(choices=sorted(TRANSITIONS))


class LinkSerializer(serializers.Serializer):
    household = serializers.CharField(help_text="户编号")
    benefit = serializers.ChoiceField(choices=BenefitKind.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)


class FundSerializer(serializers.Serializer):
    allocation = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    date = serializers.DateField()
    voucher = serializers.CharField(max_length=64)


class ProjectHouseholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectHousehold
        fields = ["id", "project", "household", "region_code", "benefit", "amount"]


class HouseholdIndustrySerializer(serializers.ModelSerializer):
    household = serializers.CharField(source="household.number", help_text="户编号")
    kind = serializers.ChoiceField(choices=IndustryKind.choices)

    class Meta:
        model = HouseholdIndustry
        fields = [
            "id",
            "household",
            "region_code",
            "kind",
            "product",
            "scale",
            "income",
            "year",
            "recorded_on",
        ]
        read_only_fields = ["region_code", "recorded_on"]
        validators = []


class LeadingIndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadingIndustry
        fields = ["id", "region_code", "kind", "product", "note"]
        validators = []
