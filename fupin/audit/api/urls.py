from fupin.audit.api import views
from fupin.core.api import ApiRouter

router = ApiRouter()
router.register("audit-entries", views.AuditEntryViewSet, basename="auditentry")
urlpatterns = router.urls
