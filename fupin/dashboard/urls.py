from django.urls import path

from fupin.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("targets/export/", views.target_export, name="target_export"),
]
