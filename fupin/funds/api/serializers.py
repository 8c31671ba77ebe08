from rest_framework import serializers

from fupin.core.api import VersionField, confirm_warnings_field
from fupin.funds.choices import PayeeKind
from fupin.funds.models import Allocation, Disbursement, Fund
from fupin.regions.models import Region
from fupin.registry.queries import households_visible_to


class ScopedChoices:
    """Related fields offer only records the caller may see: a missing one and one out of scope read
    the same ("does not exist")."""

    scoped = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, scope in self.scoped.items():
            if name in self.fields and user is not None:
                self.fields[name].queryset = scope(user)


class FundSerializer(serializers.ModelSerializer):
    """A fund with the figures of the caller's scope: city-wide for the city, else their allocations'."""

    code = serializers.CharField(source="budget_line.code", read_only=True)
    label = serializers.CharField(source="budget_line.label", read_only=True)
    allocated = serializers.DecimalField(
        max_digits=14, decimal_places=2, source="scope_allocated", read_only=True
    )
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, source="scope_spent", read_only=True)

    class Meta:
        model = Fund
        fields = ["id", "budget_line", "code", "label", "region_code", "amount", "allocated", "spent"]
        read_only_fields = fields


class AllocationSerializer(ScopedChoices, serializers.ModelSerializer):
    scoped = {
        "fund": lambda user: Fund.objects.visible_to(user),
        "region": lambda user: Region.objects.within_scope_of(user, "funds.allocate_fund"),
    }
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    date = serializers.DateField(source="allocated_on")

    class Meta:
        model = Allocation
        fields = [
            "id",
            "fund",
            "region",
            "amount",
            "spent",
            "document_number",
            "date",
            "note",
            "status",
            "version",
            "created_at",
        ]
        read_only_fields = ["spent", "status", "version", "created_at"]


class AllocationReduceSerializer(serializers.Serializer):
    version = VersionField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class VersionReasonSerializer(serializers.Serializer):
    version = VersionField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DisbursementSerializer(ScopedChoices, serializers.ModelSerializer):
    scoped = {
        "allocation": lambda user: Allocation.objects.visible_to(user),
        "household": households_visible_to,
    }
    date = serializers.DateField(source="paid_on")
    voucher = serializers.CharField(source="voucher_number", max_length=64)
    payee_kind = serializers.ChoiceField(choices=PayeeKind.choices)
    region_code = serializers.CharField(max_length=12, required=False, allow_blank=True)
    confirm_warnings = confirm_warnings_field("a payment")

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "allocation",
            "region_code",
            "amount",
            "date",
            "payee_kind",
            "household",
            "payee_name",
            "voucher",
            "purpose",
            "status",
            "reversed_reason",
            "warnings",
            "version",
            "created_at",
            "confirm_warnings",
        ]
        read_only_fields = ["status", "reversed_reason", "warnings", "version", "created_at"]
        validators = []  # the service refuses a payment entered twice, with its own message
        extra_kwargs = {"household": {"required": False, "allow_null": True}}
