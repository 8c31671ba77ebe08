from rest_framework.routers import DefaultRouter

from fupin.registry.api.views import HouseholdViewSet, MemberViewSet

router = DefaultRouter(trailing_slash=True)
router.register("households", HouseholdViewSet, basename="household")
router.register("members", MemberViewSet, basename="member")
urlpatterns = router.urls
