from rest_framework import serializers

from fupin.core.api import VersionField
from fupin.training.models import Enrollment, Program, TrainingClass, TrainingWillingness


class ScopedRelationsMixin:
    """The records a client names by id are looked up in the caller's scope, so an id out of scope answers
    exactly like a missing one (no existence oracle through 400 against 404 or a uniqueness message)."""

    scoped_relations = ()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        for name in self.scoped_relations:
            model = fields[name].queryset.model
            fields[name].queryset = model.objects.visible_to(getattr(request, "user", None))
        return fields


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
