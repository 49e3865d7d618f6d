"""Every app mounts its API routes here under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("danvan.orgunits.api")),
]
