from rest_framework import serializers

from fupin.core.api import ScopedRelationsMixin, VersionField
from fupin.training.models import Enrollment, Program, TrainingClass, TrainingWillingness


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "code", "name", "kind"]


class TrainingClassSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingClass
        fields = [
            "id",
            "program",
            "name",
            "mode",
            "place",
            "region_code",
            "starts_on",
            "ends_on",
            "seats",
            "cost",
            "version",
        ]
        read_only_fields = ["version"]


class EnrollmentSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = ("training_class", "laborer")
    version = VersionField(required=False)  # required to record attendance (PATCH)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "training_class",
            "laborer",
            "region_code",
            "enrolled_on",
            "attended_days",
            "completed",
            "certificate",
            "version",
        ]
        read_only_fields = ["region_code", "enrolled_on"]


class WillingnessSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = ("laborer",)

    class Meta:
        model = TrainingWillingness
        fields = ["id", "laborer", "region_code", "willing", "program_kind", "recorded_on"]
        read_only_fields = ["region_code", "recorded_on"]
        # The service records or updates: a laborer's existing willingness is no error (nor an oracle).
        extra_kwargs = {"laborer": {"validators": []}, "willing": {"required": True}}
