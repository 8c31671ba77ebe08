from django.urls import path

from fupin.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.home, name="home"),
    path("loans/", views.loan_list, name="loan_list"),
    path("loans/new/", views.loan_create, name="loan_create"),
    path("loans/import/", views.loan_import, name="loan_import"),
    path("loans/<int:pk>/", views.loan_detail, name="loan_detail"),
    path("subsidies/", views.subsidy_list, name="subsidy_list"),
    path("subsidies/run/", views.subsidy_run, name="subsidy_run"),
    path("escalate/", views.escalate, name="escalate"),
]
