from django.urls import path
from rest_framework.routers import DefaultRouter

from fupin.reports.api import views

router = DefaultRouter(trailing_slash=True)
router.register("reports/periods", views.ReportPeriodViewSet, basename="reports-period")
router.register("reports/assessments", views.AssessmentViewSet, basename="reports-assessment")
router.register("reports/village-reports", views.VillageReportViewSet, basename="reports-villagereport")
urlpatterns = [path("reports/rollup/", views.RollupView.as_view(), name="reports-rollup"), *router.urls]
