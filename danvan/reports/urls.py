from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("chi-tieu/", views.indicators, name="indicators"),
    path("nhap-tep/", views.import_view, name="import"),
    path("so-lieu/<str:key>/<path:period>/", views.figures, name="figures"),
    path("nhap/<str:key>/<path:period>/", views.entry, name="entry"),
    path("xuat/<str:key>/<path:period>/", views.export_datavalues, name="export"),
]
