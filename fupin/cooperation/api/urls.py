from fupin.cooperation.api import views
from fupin.core.api import ApiRouter

router = ApiRouter()
router.register("cooperation/pairings", views.PairingViewSet, basename="cooperation-pairing")
router.register("cooperation/indicators", views.IndicatorViewSet, basename="cooperation-indicator")
router.register("cooperation/entries", views.IndicatorEntryViewSet, basename="cooperation-entry")
router.register(
    "cooperation/exit-criteria", views.ExitCriterionViewSet, basename="cooperation-exit-criterion"
)
urlpatterns = router.urls
