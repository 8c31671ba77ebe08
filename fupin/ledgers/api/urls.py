from django.urls import path

from fupin.core.api import ApiRouter
from fupin.ledgers.api import views

router = ApiRouter()
router.register("ledgers/items", views.LedgerItemViewSet, basename="ledgers-item")
router.register("ledgers/supervision-targets", views.SupervisionTargetViewSet, basename="ledgers-supervision")
urlpatterns = [path("ledgers/board/", views.BoardView.as_view(), name="ledgers-board"), *router.urls]
