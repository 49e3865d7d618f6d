"""Every app mounts its API routes here under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("danvan.orgunits.api")),
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
