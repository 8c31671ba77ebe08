from fupin.core.api import ApiRouter
from fupin.insurance.api import views

router = ApiRouter()
router.register("insurance/products", views.ProductViewSet, basename="insurance-product")
router.register("insurance/policies", views.PolicyViewSet, basename="insurance-policy")
router.register("insurance/claims", views.ClaimViewSet, basename="insurance-claim")
urlpatterns = router.urls
