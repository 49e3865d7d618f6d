from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<str:key>/", views.dashboard, name="unit"),
    path("<str:key>/<slug:chart_id>.csv", views.chart_csv, name="csv"),
    path("<str:key>/<slug:chart_id>.xlsx", views.chart_xlsx, name="xlsx"),
]
