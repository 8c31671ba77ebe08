from django.urls import path

from fupin.training import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("classes/", views.class_list, name="class_list"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("willingness/", views.willingness_list, name="willingness_list"),
]
