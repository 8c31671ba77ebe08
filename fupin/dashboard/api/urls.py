from fupin.core.api import ApiRouter

router = ApiRouter()
urlpatterns = router.urls
