from django.urls import path

from fupin.accounts.api import views
from fupin.core.api import ApiRouter

router = ApiRouter()
router.register("tokens", views.ApiTokenViewSet, basename="apitoken")
urlpatterns = [path("me/", views.MeView.as_view(), name="me"), *router.urls]
