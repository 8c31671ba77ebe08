from rest_framework import serializers

from fupin.core.api import ScopedRelationsMixin, VersionField
from fupin.insurance.choices import ClaimStatus
from fupin.insurance.models import Claim, Policy, Product


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "code", "name", "kind", "insurer", "basis", "premium", "cover"]


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = ["id", "product", "year", "household", "member", "region_code", "premium", "payment"]


class ClaimSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = ("policy",)
    version = VersionField(required=False)

    class Meta:
        model = Claim
        fields = [
            "id",
            "policy",
            "household",
            "region_code",
            "cause",
            "occurred_on",
            "amount",
            "status",
            "settled_on",
            "note",
            "version",
        ]
        read_only_fields = ["household", "region_code", "status", "settled_on"]


class SettleSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[ClaimStatus.PAID, ClaimStatus.REJECTED])


class EnrolSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    region_code = serializers.CharField(max_length=12)
    year = serializers.IntegerField(min_value=2020, max_value=2030)
