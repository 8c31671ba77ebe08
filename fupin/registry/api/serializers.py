"""API representations of households and members; writes go through the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fupin.core.masking import MaskedPersonalFieldsMixin
from fupin.registry.models import Household, Member
from fupin.registry.services import HOUSEHOLD_FIELDS, MEMBER_FIELDS


class HouseholdSerializer(MaskedPersonalFieldsMixin, serializers.ModelSerializer):
    personal_fields = {"phone": "phone"}
    region = serializers.CharField(source="region_id", max_length=12, label=_("所在村"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    number = serializers.CharField(max_length=32, required=False, allow_blank=True, label=_("户编号"))
    version = serializers.IntegerField(required=False, label=_("版本"))

    class Meta:
        model = Household
        fields = [
            "id",
            *HOUSEHOLD_FIELDS,
            "region_name",
            "status",
            "year_exited",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "year_exited", "created_at", "updated_at"]


class HouseholdStatusSerializer(serializers.Serializer):
    status = serializers.CharField(label=_("新状态"))
    reason = serializers.CharField(label=_("原因"))
    version = serializers.IntegerField(label=_("版本"))


class MemberSerializer(MaskedPersonalFieldsMixin, serializers.ModelSerializer):
    """id_number and phone are masked unless the caller may see full IDs in the member's region (and then
    the response is audited: fupin.core.masking.PersonalDataAuditMixin)."""

    personal_fields = {"id_number": "id_number", "phone": "phone"}

    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none(), label=_("所属户"))
    id_number = serializers.CharField(max_length=20, label=_("公民身份号码"))
    sex = serializers.CharField(required=False, allow_blank=True, label=_("性别"))
    birth_date = serializers.DateField(required=False, allow_null=True, label=_("出生日期"))
    version = serializers.IntegerField(required=False, label=_("版本"))
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "household",
            "region_code",
            *MEMBER_FIELDS,
            "version",
            "warnings",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["region_code", "created_at", "updated_at"]
        # Uniqueness and the one-head rule are the service's (its messages say what may be revealed).
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["household"].queryset = Household.objects.visible_to(request.user)
        return fields

    def get_warnings(self, member) -> list[str]:
        return [str(w) for w in getattr(member, "warnings", [])]


class RemoveMemberSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("移除原因"))
