"""The region browse pages, under /regions/ and the `regions:` names (the page is a board: region_views)."""

from django.urls import path

from fupin.dashboard import region_views

app_name = "regions"
urlpatterns = [
    path("", region_views.region_tree, name="region_tree"),
    path("<str:code>/", region_views.region_detail, name="region_detail"),
]
