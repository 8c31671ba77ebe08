from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fupin.core.api import ScopedGenericViewSet
from fupin.core.api_writes import CreateAndPatchMixin, PatchMixin, validated_body
from fupin.core.masking import PersonalDataAuditMixin
from fupin.core.scope import check_anywhere
from fupin.plan import queries, services
from fupin.plan.api import serializers
from fupin.plan.filters import PlanTaskFilter, PostingFilter
from fupin.plan.models import BudgetLine, Measure, Plan, PlanTask, Posting, Target


class CanViewPlan(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if not user.has_scoped_perm("plan.view_plan"):
            return False
        return request.method in permissions.SAFE_METHODS or user.has_scoped_perm("plan.change_plan")


class VisiblePlansMixin:
    """The records of the plans the user may read; changed by the city office only (CanViewPlan)."""

    permission_classes = [permissions.IsAuthenticated, CanViewPlan]

    def get_queryset(self):
        visible = Plan.objects.visible_to(self.request.user)
        qs = super().get_queryset()
        return visible if qs.model is Plan else qs.filter(plan__in=visible)


class PlanViewSet(PatchMixin, VisiblePlansMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Plan.objects.all()
    serializer_class = serializers.PlanSerializer
    write_fields = services.TRACKING_FIELDS
    update_service = services.update_tracking


class MeasureViewSet(VisiblePlansMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Measure.objects.prefetch_related("units").order_by("plan", "number")
    serializer_class = serializers.MeasureSerializer
    filterset_fields = ["plan"]


class TargetViewSet(PatchMixin, VisiblePlansMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Target.objects.order_by("plan", "code")
    serializer_class = serializers.TargetSerializer
    filterset_fields = ["plan", "code"]
    write_fields = services.TARGET_FIELDS
    update_service = services.update_target


class BudgetLineViewSet(VisiblePlansMixin, viewsets.ReadOnlyModelViewSet):
    queryset = BudgetLine.objects.order_by("plan", "code")
    serializer_class = serializers.BudgetLineSerializer


class PlanTaskViewSet(viewsets.ReadOnlyModelViewSet):
    """The active plan's unit tasks (a department sees its own units'); POST assigns a new one (city office),
    POST …/report/ reports progress."""

    queryset = PlanTask.objects.none()  # the model, for the schema; get_queryset gives the rows
    serializer_class = serializers.PlanTaskSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = PlanTaskFilter
    ordering_fields = ["deadline", "unit", "status", "updated_at", "escalated_on"]

    def get_queryset(self):
        check_anywhere(self.request.user, "plan.view_plan")
        return queries.tasks_visible_to(self.request.user)

    @extend_schema(request=serializers.TaskAssignSerializer, responses={201: serializers.PlanTaskSerializer})
    def create(self, request):
        check_anywhere(request.user, "plan.change_plan")
        data = validated_body(request, serializers.TaskAssignSerializer)
        measure = data.pop("measure")
        task = services.assign_task(measure, by=request.user, **data)
        return Response(serializers.PlanTaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.TaskReportSerializer, responses=serializers.PlanTaskSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        task = self.get_object()
        body = validated_body(request, serializers.TaskReportSerializer)
        task = services.report_task(task, by=request.user, **body)
        return Response(serializers.PlanTaskSerializer(task).data)


class PostingViewSet(
    CreateAndPatchMixin,
    PersonalDataAuditMixin,
    ScopedGenericViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
):
    """The roster of first secretaries and town work groups (R7.2): list, read, add, PATCH with `version`."""

    queryset = Posting.objects.none()  # the model, for the schema; base_queryset gives the rows
    queryset_model = Posting
    serializer_class = serializers.PostingSerializer
    filterset_class = PostingFilter
    ordering_fields = ["id", "region_code", "name", "term_starts_on", "term_ends_on"]
    write_fields = (*services.POSTING_FIELDS, "villages")
    create_service = services.add_posting
    update_service = services.update_posting

    def base_queryset(self):
        return queries.postings_visible_to(self.request.user)
