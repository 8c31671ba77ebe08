from django.urls import path

from fupin.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.home, name="home"),
    path("allocations/", views.allocation_list, name="allocation_list"),
    path("allocations/new/", views.allocation_create, name="allocation_create"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("allocations/<int:pk>/disburse/", views.allocation_disburse, name="allocation_disburse"),
    path("allocations/<int:pk>/reduce/", views.allocation_reduce, name="allocation_reduce"),
    path("allocations/<int:pk>/cancel/", views.allocation_cancel, name="allocation_cancel"),
    path("disbursements/", views.disbursement_list, name="disbursement_list"),
    path("disbursements/import/", views.disbursement_import, name="disbursement_import"),
    path("disbursements/<int:pk>/reverse/", views.disbursement_reverse, name="disbursement_reverse"),
]
