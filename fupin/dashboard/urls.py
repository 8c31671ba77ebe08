from django.urls import path

from fupin.dashboard import map_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("targets/export/", views.target_export, name="target_export"),
    path("work/", views.my_work, name="my_work"),
    path("work/count/", views.my_work_count, name="my_work_count"),
    path("map/data/", map_views.data, name="map_data"),
    path("map/shapes/", map_views.shapes, name="map_shapes"),
]
