from fupin.core.api import ApiRouter
from fupin.regions.api import views

router = ApiRouter()
router.register("regions", views.RegionViewSet, basename="region")
urlpatterns = router.urls
