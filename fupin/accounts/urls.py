from django.contrib.auth import views as auth_views
from django.urls import path

from fupin.accounts import signin_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/setup/", signin_views.otp_setup, name="otp_setup"),
    path("otp/setup/qr.svg", signin_views.otp_qr, name="otp_qr"),
    path("otp/verify/", signin_views.otp_verify, name="otp_verify"),
    path("password/", signin_views.password_change, name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views.role_add, name="role_add"),
    path("users/<int:pk>/roles/<int:assignment_pk>/remove/", views.role_remove, name="role_remove"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/otp-reset/", views.user_otp_reset, name="user_otp_reset"),
    path("requests/", views.change_request_list, name="change_request_list"),
    path("requests/<int:pk>/approve/", views.change_request_approve, name="change_request_approve"),
    path("requests/<int:pk>/reject/", views.change_request_reject, name="change_request_reject"),
]
