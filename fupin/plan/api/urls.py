from fupin.core.api import ApiRouter
from fupin.plan.api import views

router = ApiRouter()
router.register("plan/plans", views.PlanViewSet, basename="plan-plan")
router.register("plan/measures", views.MeasureViewSet, basename="plan-measure")
router.register("plan/targets", views.TargetViewSet, basename="plan-target")
router.register("plan/budget-lines", views.BudgetLineViewSet, basename="plan-budgetline")
router.register("plan/tasks", views.PlanTaskViewSet, basename="plan-task")
router.register("plan/roster", views.PostingViewSet, basename="plan-posting")
urlpatterns = router.urls
