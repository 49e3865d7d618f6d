"""Every app mounts its API routes here under /api/v1/.

The API authenticates for itself (DRF's authentication classes and `IsAuthenticated`, answering 401/403 in
the API's error shape instead of a redirect to the login page), so its routes are exempt from
`LoginRequiredMiddleware` here, in one place."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path

from danvan.reports.api_dhis2 import DataValueSetsSlashView, DataValueSetsView

urlpatterns = [
    path("", include("danvan.orgunits.api")),
    # DHIS2 clients call dataValueSets without a trailing slash; danvan's style has one. Both answer.
    path("dataValueSets", DataValueSetsView.as_view(), name="datavaluesets"),
    path("dataValueSets/", DataValueSetsSlashView.as_view(), name="datavaluesets-slash"),
    path("registry/", include("danvan.registry.api")),
    path("activities/", include("danvan.activities.api")),
    path("commendations/", include("danvan.commendations.api")),
    path("petitions/", include("danvan.petitions.api")),
    path("campaigns/", include("danvan.campaigns.api")),
    path("reports/", include("danvan.reports.api")),
    path("annual/", include("danvan.annual.api")),
    path("submissions/", include("danvan.submissions.api")),
    path("dashboards/", include("danvan.dashboards.api")),
    path("prestige/", include("danvan.prestige.api")),
    path("programme/", include("danvan.programme.api")),
]


def _authenticated_by_drf(patterns) -> None:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _authenticated_by_drf(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = login_not_required(entry.callback)


_authenticated_by_drf(urlpatterns)
