from django.urls import path

from fupin.registry import views
from fupin.registry.import_urls import urlpatterns as import_urlpatterns

app_name = "registry"
urlpatterns = [
    path("", views.household_list, name="household_list"),
    path("export/", views.household_export, name="household_export"),
    path("new/", views.household_create, name="household_create"),
    path("<int:pk>/", views.household_detail, name="household_detail"),
    path("<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("<int:pk>/status/", views.household_status, name="household_status"),
    path("<int:pk>/history/", views.household_history, name="household_history"),
    path("<int:pk>/members/new/", views.member_create, name="member_create"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/<int:pk>/full-id/", views.member_full_id, name="member_full_id"),
    path("members/<int:pk>/history/", views.member_history, name="member_history"),
]
urlpatterns += import_urlpatterns
