from django.urls import path

from fupin.industry import views

app_name = "industry"
urlpatterns = [
    path("", views.home, name="home"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("households/", views.industry_list, name="industry_list"),
    path("to-do/", views.todo_list, name="todo_list"),
    path("leading/", views.leading_list, name="leading_list"),
]
