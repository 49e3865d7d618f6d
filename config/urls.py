from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail.admin import urls as wagtailadmin_urls

from danvan.accounts import views as account_views
from danvan.accounts.permissions import readers_may_post
from danvan.core import views as core_views
from danvan.portal.urls import document_urlpatterns as portal_document_urls
from danvan.portal.urls import serve_pattern as portal_serve_pattern
from danvan.portal.views import public as portal_views
from danvan.portal.views.editor import PageTypesUsageView

# The admin signs in through the same rate-limited login page as everyone else.
admin.site.login = account_views.admin_login_redirect

urlpatterns = [
    path("", portal_views.root, name="home"),  # readers: the portal; signed-in users: their home
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
    path("cong-viec/", include("danvan.jobs.urls")),
    path("thong-bao/", include("danvan.reminders.urls")),
    path("nguoi-co-uy-tin/", include("danvan.prestige.urls")),
    path("chuong-trinh/", include("danvan.programme.urls")),
    path("api/v1/", include("config.api_urls")),
    # DRF views authenticate for themselves (401/403, not a redirect), like everything under /api/v1/.
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path("api/docs/", login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
         name="api-docs"),
    path("chon/<str:source_name>/", core_views.picker_options, name="picker"),
    path("i18n/setlang/", login_not_required(readers_may_post(set_language)), name="set_language"),
    path("quan-tri/", admin.site.urls),
    # The public portal (Wagtail): its editors sign in through danvan's login page; page serving comes last.
    path("bien-tap/login/", account_views.admin_login_redirect),
    path("bien-tap/failwhale/", portal_views.not_found),  # Wagtail's deliberate error page: not in production
    # Wagtail's page-types report names another section's drafts; danvan's version does not (portal/views/editor.py).
    path("bien-tap/reports/page-types-usage/", PageTypesUsageView.as_view()),
    path("bien-tap/reports/page-types-usage/results/", PageTypesUsageView.as_view(results_only=True)),
    path("bien-tap/", include(wagtailadmin_urls)),
    path("", include("danvan.portal.urls")),
    *portal_document_urls,
]
# A lost database or Redis, or a full disk: 503 with Retry-After (core.unavailable); other errors stay 500.
handler500 = "danvan.core.unavailable.server_error"
# Wagtail serves every other path, except under the application's own prefixes (so /api/v1/x still 404s
# instead of being redirected to /api/v1/x/ by APPEND_SLASH).
urlpatterns.append(re_path(portal_serve_pattern(urlpatterns), portal_views.serve_page, name="wagtail_serve"))
