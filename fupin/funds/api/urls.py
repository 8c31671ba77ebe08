from fupin.core.api import ApiRouter
from fupin.funds.api import views

router = ApiRouter()
router.register("funds/funds", views.FundViewSet, basename="funds-fund")
router.register("funds/allocations", views.AllocationViewSet, basename="funds-allocation")
router.register("funds/disbursements", views.DisbursementViewSet, basename="funds-disbursement")
urlpatterns = router.urls
