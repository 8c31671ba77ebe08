from rest_framework import serializers

from fupin.accounts.models import ApiToken, RoleAssignment, User


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "role_display", "region", "region_name", "unit"]


class MeSerializer(serializers.ModelSerializer):
    roles = RoleAssignmentSerializer(source="role_assignments", many=True, read_only=True)
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "unit", "phone", "roles", "permissions"]

    def get_permissions(self, user) -> dict[str, list[str]]:
        """Each permission code with the region prefixes where the user holds it."""
        return dict(sorted(user._permission_prefixes.items()))


class ApiTokenSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)
    days = serializers.IntegerField(
        write_only=True, required=False, min_value=1, help_text="Days until the token expires"
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "key_prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
            "is_active",
            "days",
        ]
        read_only_fields = ["key_prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]


class NewApiTokenSerializer(ApiTokenSerializer):
    """Returned once, on creation: the only time the key is visible."""

    key = serializers.CharField(read_only=True)

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
