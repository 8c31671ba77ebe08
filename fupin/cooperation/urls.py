from django.urls import path

from fupin.cooperation import views

app_name = "cooperation"
urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("entries/", views.entry_list, name="entry_list"),
    path("entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/files/", views.entry_file_add, name="entry_file_add"),
    path("entry-files/<int:pk>/", views.entry_file_download, name="entry_file_download"),
    path("pairings/", views.pairing_list, name="pairing_list"),
    path("pairings/new/", views.pairing_create, name="pairing_create"),
    path("pairings/<int:pk>/edit/", views.pairing_edit, name="pairing_edit"),
    path("exit/", views.exit_checklist, name="exit_checklist"),
    path("exit/criteria/<int:pk>/", views.criterion_check, name="criterion_check"),
    path("assessment/", views.assessment, name="assessment"),
]
