from django.urls import path

from fupin.insurance import views

app_name = "insurance"
urlpatterns = [
    path("", views.home, name="home"),
    path("enrol/", views.enrol, name="enrol"),
    path("premiums/pay/", views.pay, name="premium_pay"),
    path("policies/", views.policy_list, name="policy_list"),
    path("claims/", views.claim_list, name="claim_list"),
]
