from fupin.core.api import ApiRouter
from fupin.registry.api.views import HouseholdViewSet, MemberViewSet

router = ApiRouter()
router.register("households", HouseholdViewSet, basename="household")
router.register("members", MemberViewSet, basename="member")
urlpatterns = router.urls
