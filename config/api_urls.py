"""Every app mounts its API routes here under /api/v1/."""

from django.urls import include, path

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
]
