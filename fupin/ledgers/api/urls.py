from rest_framework.routers import DefaultRouter

from fupin.ledgers.api import views

router = DefaultRouter(trailing_slash=True)
router.register("ledgers/items", views.LedgerItemViewSet, basename="ledgers-item")
router.register("ledgers/supervision-targets", views.SupervisionTargetViewSet, basename="ledgers-supervision")
urlpatterns = router.urls
