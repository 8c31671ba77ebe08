from rest_framework import serializers

from fupin.plan.models import BudgetLine, Measure, Plan, ResponsibleUnit, Target


class ResponsibleUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResponsibleUnit
        fields = ["name", "role", "order"]


class MeasureSerializer(serializers.ModelSerializer):
    units = ResponsibleUnitSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "plan", "number", "title", "summary", "units", "version"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "measure",
            "code",
            "label",
            "unit",
            "value",
            "at_least",
            "deadline",
            "version",
        ]
        read_only_fields = ["plan", "measure", "code"]


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", "plan", "measure", "code", "label", "amount"]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "code", "region_code", "year", "title", "document_number", "issued_on", "active"]
