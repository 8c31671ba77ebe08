"""The training API: scoped reads, writes through the services."""

from django.shortcuts import get_object_or_404
from rest_framework import mixins

from fupin.core.api import ScopedGenericViewSet, ScopedListViewSet
from fupin.core.api_writes import CreateAndPatchMixin, ServiceWritesMixin
from fupin.employment.queries import laborers_visible_to
from fupin.training import filters, services
from fupin.training.api import serializers as s
from fupin.training.models import Enrollment, Program, TrainingClass, TrainingWillingness


class TrainingBase(ServiceWritesMixin, ScopedListViewSet):
    view_permission = "training.view_class"


class ProgramViewSet(ScopedGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    view_permission = "training.view_class"
    serializer_class = s.ProgramSerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        return Program.objects.all()


class TrainingClassViewSet(TrainingBase, mixins.CreateModelMixin):
    queryset_model = TrainingClass
    serializer_class = s.TrainingClassSerializer
    filterset_class = filters.TrainingClassFilter
    ordering_fields = ["id", "starts_on", "cost"]
    write_fields = services.CLASS_FIELDS
    create_service = services.open_class


class EnrollmentViewSet(CreateAndPatchMixin, TrainingBase):
    queryset_model = Enrollment
    serializer_class = s.EnrollmentSerializer
    filterset_class = filters.EnrollmentFilter
    write_fields = services.ENROLLMENT_FIELDS
    update_service = services.record_attendance

    def perform_create(self, serializer):
        data = serializer.validated_data
        cls = self.scoped_get(TrainingClass, data["training_class"].pk)
        laborer = get_object_or_404(laborers_visible_to(self.request.user), pk=data["laborer"].pk)
        serializer.instance = services.enroll(cls, by=self.request.user, laborer=laborer)


class WillingnessViewSet(TrainingBase, mixins.CreateModelMixin):
    """POST {laborer, willing, program_kind} records (or updates) a laborer's willingness."""

    queryset_model = TrainingWillingness
    serializer_class = s.WillingnessSerializer
    filterset_class = filters.WillingnessFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        laborer = get_object_or_404(laborers_visible_to(self.request.user), pk=data["laborer"].pk)
        serializer.instance = services.record_willingness(
            laborer, by=self.request.user, willing=data["willing"], program_kind=data.get("program_kind", "")
        )
