from rest_framework import serializers

from fupin.core.api import VersionField, confirm_warnings_field
from fupin.finance.models import InterestSubsidy, Loan, LoanHousehold


class LoanSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)
    household = serializers.CharField(
        source="household.number", required=False, allow_null=True, help_text="户编号"
    )
    confirm_warnings = confirm_warnings_field("a loan")

    class Meta:
        model = Loan
        fields = [
            "id",
            "kind",
            "household",
            "enterprise",
            "region_code",
            "bank",
            "contract_number",
            "amount",
            "balance",
            "rate",
            "term_months",
            "disbursed_on",
            "due_on",
            "deferred_until",
            "repay_by",
            "use",
            "insurer",
            "premium",
            "premium_paid",
            "status",
            "warnings",
            "version",
            "confirm_warnings",
        ]
        read_only_fields = [
            "region_code",
            "balance",
            "due_on",
            "deferred_until",
            "repay_by",
            "premium_paid",
            "status",
            "warnings",
        ]
        extra_kwargs = {"contract_number": {"validators": []}}

    def get_fields(self):
        from fupin.finance.queries import borrowers_visible_to

        fields = super().get_fields()
        request = self.context.get("request")
        fields["enterprise"].queryset = borrowers_visible_to(getattr(request, "user", None))
        return fields


class RepaymentSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    principal = serializers.DecimalField(max_digits=14, decimal_places=2)
    interest = serializers.DecimalField(max_digits=14, decimal_places=2, default=0)


class DeferSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    months = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class LoanLinkSerializer(serializers.Serializer):
    household = serializers.CharField(help_text="户编号")


class LoanHouseholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanHousehold
        fields = ["id", "loan", "household", "region_code"]


class SubsidySerializer(serializers.ModelSerializer):
    class Meta:
        model = InterestSubsidy
        fields = ["id", "loan", "quarter", "region_code", "days", "rate", "amount", "disbursement", "paid_on"]


class SubsidyRunSerializer(serializers.Serializer):
    allocation = serializers.IntegerField()
    quarter = serializers.RegexField(r"^20\d\dQ[1-4]$")


class JobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
