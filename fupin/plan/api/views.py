from rest_framework import mixins, permissions, viewsets

from fupin.plan import services
from fupin.plan.api import serializers
from fupin.plan.models import BudgetLine, Measure, Plan, Target


class CanViewPlan(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if not user.has_scoped_perm("plan.view_plan"):
            return False
        return request.method in permissions.SAFE_METHODS or user.has_scoped_perm("plan.change_plan")


class VisiblePlansMixin:
    def get_queryset(self):
        visible = Plan.objects.visible_to(self.request.user)
        qs = super().get_queryset()
        return visible if qs.model is Plan else qs.filter(plan__in=visible)


class PlanViewSet(VisiblePlansMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Plan.objects.all()
    serializer_class = serializers.PlanSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewPlan]
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = int(self.request.data.get("version", 0))
        data.pop("version", None)
        serializer.instance = services.update_tracking(
            serializer.instance, by=self.request.user, version=version, **data
        )


class MeasureViewSet(VisiblePlansMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Measure.objects.prefetch_related("units").order_by("plan", "number")
    serializer_class = serializers.MeasureSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewPlan]
    filterset_fields = ["plan"]


class TargetViewSet(VisiblePlansMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Target.objects.order_by("plan", "code")
    serializer_class = serializers.TargetSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewPlan]
    filterset_fields = ["plan", "code"]
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = int(self.request.data.get("version", 0))
        data.pop("version", None)
        serializer.instance = services.update_target(
            serializer.instance, by=self.request.user, version=version, **data
        )


class BudgetLineViewSet(VisiblePlansMixin, viewsets.ReadOnlyModelViewSet):
    queryset = BudgetLine.objects.order_by("plan", "code")
    serializer_class = serializers.BudgetLineSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewPlan]
