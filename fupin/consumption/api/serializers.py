from rest_framework import serializers

from fupin.consumption import queries
from fupin.consumption.models import Base, Buyer, Demand, Listing, Order, OrderLine, Supplier
from fupin.consumption.services.matching_runs import DEMAND_FIELDS


class SupplierNamedSerializer(serializers.ModelSerializer):
    """A record of one supplier, named by the supplier's public name."""

    supplier_name = serializers.CharField(source="supplier.name", read_only=True)


class ListingSerializer(SupplierNamedSerializer):
    # a plain id looked up in the caller's scope by the view: out of scope answers like missing (404)
    supplier = serializers.IntegerField(source="supplier_id")

    class Meta:
        model = Listing
        fields = [
            "id",
            "supplier",
            "supplier_name",
            "product",
            "category",
            "certificate_no",
            "certificate_valid_until",
            "unit",
            "price",
            "quantity",
            "remaining",
            "harvest_from",
            "harvest_to",
            "unsold",
            "status",
            "region_code",
            "version",
        ]
        read_only_fields = ["remaining", "region_code", "unsold", "status", "version"]


class MarketListingSerializer(SupplierNamedSerializer):
    """What a buyer sees of a listing: the supplier's public name and contact, the origin; no household."""

    supplier_contact = serializers.CharField(source="supplier.public_contact", read_only=True)
    origin_town = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = [
            "id",
            "supplier_name",
            "supplier_contact",
            "origin_town",
            "product",
            "category",
            "certificate_no",
            "unit",
            "price",
            "remaining",
            "harvest_from",
            "harvest_to",
            "unsold",
        ]

    def get_origin_town(self, obj) -> str:
        return queries.origin_town(obj.region_code)


class SupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "kind", "name", "region_code", "base", "contact_name", "contact_phone"]


class BuyerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Buyer
        fields = ["id", "name", "kind", "region_code", "status", "share", "purchased"]


class DemandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Demand
        fields = ["id", "buyer", *DEMAND_FIELDS, "version"]
        read_only_fields = ["buyer", "status", "version"]


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ["listing", "quantity", "price", "amount", "unsold"]


class OrderSerializer(SupplierNamedSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)
    buyer_name = serializers.CharField(source="buyer.name", read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "buyer_name",
            "supplier_name",
            "channel",
            "status",
            "payment",
            "placed_on",
            "delivered_on",
            "received_on",
            "amount",
            "lines",
            "version",
        ]


class BaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Base
        fields = ["id", "name", "region_code", "operator", "partners", "established_on"]


class QuantityBody(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)


class VersionBody(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)


class CancelBody(VersionBody):
    reason = serializers.CharField(max_length=200)


class BoardSerializer(serializers.Serializer):
    """The board's figures (documented as a free-form object)."""
