from django.urls import path

from fupin.dashboard.api import views

urlpatterns = [path("dashboard/targets/", views.TargetBoardView.as_view(), name="dashboard-targets")]
