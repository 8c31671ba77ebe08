from rest_framework.routers import DefaultRouter

from fupin.regions.api import views

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False  # no .json URLs: one URL per resource, and @actions need no **kwargs
router.register("regions", views.RegionViewSet, basename="region")
urlpatterns = router.urls
