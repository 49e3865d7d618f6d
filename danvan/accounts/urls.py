from django.contrib.auth import views as auth_views
from django.urls import path

from . import otp_views, views
from .permissions import readers_may_post

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", readers_may_post(auth_views.LogoutView.as_view()), name="logout"),
    path("ho-so/", readers_may_post(views.profile), name="profile"),
    path("ho-so/ma-api/<int:pk>/thu-hoi/", readers_may_post(views.api_token_revoke), name="api_token_revoke"),
    path("doi-mat-khau/", readers_may_post(views.PasswordChangeView.as_view()), name="password_change"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/tao/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_toggle_active, name="user_toggle_active"),
    path("phan-quyen/<int:pk>/thu-hoi/", views.membership_revoke, name="membership_revoke"),
    # Second factor (issue 13)
    path("xac-thuc-hai-buoc/", otp_views.verify, name="otp_verify"),
    path("xac-thuc-hai-buoc/dang-ky/", otp_views.enrol, name="otp_enrol"),
    path("xac-thuc-hai-buoc/ma-khoi-phuc/", otp_views.recovery_codes, name="otp_recovery_codes"),
    path("nguoi-dung/<int:pk>/xac-thuc-hai-buoc/dat-lai/", otp_views.reset_user, name="otp_reset_user"),
]
