from rest_framework.routers import DefaultRouter

from fupin.plan.api import views

router = DefaultRouter(trailing_slash=True)
router.register("plan/plans", views.PlanViewSet, basename="plan-plan")
router.register("plan/measures", views.MeasureViewSet, basename="plan-measure")
router.register("plan/targets", views.TargetViewSet, basename="plan-target")
router.register("plan/budget-lines", views.BudgetLineViewSet, basename="plan-budgetline")
urlpatterns = router.urls
