from fupin.consumption.api import views
from fupin.core.api import ApiRouter

router = ApiRouter()
router.register("consumption/listings", views.ListingViewSet, basename="consumption-listing")
router.register("consumption/suppliers", views.SupplierViewSet, basename="consumption-supplier")
router.register("consumption/buyers", views.BuyerViewSet, basename="consumption-buyer")
router.register("consumption/demands", views.DemandViewSet, basename="consumption-demand")
router.register("consumption/orders", views.OrderViewSet, basename="consumption-order")
router.register("consumption/bases", views.BaseViewSet, basename="consumption-base")
router.register("consumption/board", views.BoardViewSet, basename="consumption-board")
router.register("consumption/market", views.MarketViewSet, basename="consumption-market")
router.register("consumption/my-demands", views.MyDemandViewSet, basename="consumption-mydemand")
router.register("consumption/my-orders", views.MyOrderViewSet, basename="consumption-myorder")
urlpatterns = router.urls
