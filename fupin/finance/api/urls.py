from fupin.core.api import ApiRouter
from fupin.finance.api import views

router = ApiRouter()
router.register("finance/loans", views.LoanViewSet, basename="finance-loan")
router.register("finance/subsidies", views.SubsidyViewSet, basename="finance-subsidy")
urlpatterns = router.urls
