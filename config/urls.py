from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from danvan.accounts import views as account_views
from danvan.core import views as core_views

# The admin signs in through the same rate-limited login page as everyone else.
admin.site.login = account_views.admin_login_redirect

urlpatterns = [
    path("", account_views.home, name="home"),
    path("tai-khoan/", include("danvan.accounts.urls")),
    path("don-vi/", include("danvan.orgunits.urls")),
    path("mo-hinh/", include("danvan.registry.urls")),
    path("hoat-dong/", include("danvan.activities.urls")),
    path("khen-thuong/", include("danvan.commendations.urls")),
    path("don-thu/", include("danvan.petitions.urls")),
    path("van-dong/", include("danvan.campaigns.urls")),
    path("bao-cao/", include("danvan.reports.urls")),
    path("tong-ket/", include("danvan.annual.urls")),
    path("nop-bao-cao/", include("danvan.submissions.urls")),
    path("bang-dieu-khien/", include("danvan.dashboards.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("chon/<str:source_name>/", core_views.picker_options, name="picker"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("quan-tri/", admin.site.urls),
]
