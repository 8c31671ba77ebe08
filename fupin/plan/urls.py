from django.urls import path

from fupin.plan import views

app_name = "plan"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/tracking/edit/", views.tracking_edit, name="tracking_edit"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/report/", views.task_report, name="task_report"),
    path("tasks/new/", views.task_assign, name="task_assign"),
    path("roster/", views.roster, name="roster"),
    path("roster/new/", views.posting_new, name="posting_new"),
    path("roster/<int:pk>/edit/", views.posting_edit, name="posting_edit"),
]
