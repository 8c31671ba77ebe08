from django.urls import path

from fupin.core.api import ApiRouter
from fupin.reports.api import views

router = ApiRouter()
router.register("reports/periods", views.ReportPeriodViewSet, basename="reports-period")
router.register("reports/assessments", views.AssessmentViewSet, basename="reports-assessment")
router.register("reports/village-reports", views.VillageReportViewSet, basename="reports-villagereport")
router.register("reports/supplies", views.SupplyAllocationViewSet, basename="reports-supply")
urlpatterns = [path("reports/rollup/", views.RollupView.as_view(), name="reports-rollup"), *router.urls]
