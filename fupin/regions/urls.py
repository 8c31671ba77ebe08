from django.urls import path

from fupin.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_tree, name="region_tree"),
    path("<str:code>/", views.region_detail, name="region_detail"),
]
