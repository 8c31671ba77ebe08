from django.urls import path

from fupin.core.api import ApiRouter
from fupin.monitoring.api import views

router = ApiRouter()
router.register("monitoring/signals", views.SignalViewSet, basename="monitoring-signal")
router.register("monitoring/cases", views.CaseViewSet, basename="monitoring-case")
router.register("monitoring/rules", views.RuleViewSet, basename="monitoring-rule")
router.register("monitoring/exits", views.ExitViewSet, basename="monitoring-exit")
urlpatterns = [path("monitoring/board/", views.BoardView.as_view(), name="monitoring-board"), *router.urls]
