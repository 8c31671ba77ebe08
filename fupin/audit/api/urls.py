from rest_framework.routers import DefaultRouter

from fupin.audit.api import views

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False  # no .json URLs: one URL per resource, and @actions need no **kwargs
router.include_root_view = False
router.register("audit-entries", views.AuditEntryViewSet, basename="auditentry")
urlpatterns = router.urls
