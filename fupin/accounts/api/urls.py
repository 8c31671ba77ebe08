from django.urls import path
from rest_framework.routers import DefaultRouter

from fupin.accounts.api import views

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False  # no .json URLs: one URL per resource, and @actions need no **kwargs
router.include_root_view = False
router.register("tokens", views.ApiTokenViewSet, basename="apitoken")
urlpatterns = [path("me/", views.MeView.as_view(), name="me"), *router.urls]
