from django.urls import path

from fupin.core.api import ApiRouter
from fupin.ledgers.api import submissions, views

router = ApiRouter()
router.register("ledgers/items", views.LedgerItemViewSet, basename="ledgers-item")
router.register("ledgers/supervision-targets", views.SupervisionTargetViewSet, basename="ledgers-supervision")
router.register("ledgers/screenings", views.ScreeningViewSet, basename="ledgers-screening")
router.register("ledgers/villages", views.VillageViewSet, basename="ledgers-village")
router.register("ledgers/submissions", submissions.LedgerSubmissionViewSet, basename="ledgers-submission")
urlpatterns = [path("ledgers/board/", views.BoardView.as_view(), name="ledgers-board"), *router.urls]
