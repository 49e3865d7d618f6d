from django.urls import path, re_path

from . import views

app_name = "annual"

urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<str:key>/", views.issuing_body, name="issuing_body"),
    path("<str:key>/<str:year>/", views.report, name="report"),
    re_path(r"^(?P<key>[^/]+)/(?P<year>[^/]+)/tai-ve\.(?P<fmt>[a-z]+)$", views.download, name="download"),
    path("<str:key>/<str:year>/in/", views.download, {"fmt": "html"}, name="print"),
    path("<str:key>/<str:year>/van-ban/", views.edit_document, name="edit_document"),
    path("<str:key>/<str:year>/muc/<str:section>/", views.edit_section, name="edit_section"),
    path("<str:key>/<str:year>/muc/<str:section>/lich-su/", views.section_history, name="section_history"),
    path("<str:key>/<str:year>/hoan-thanh/", views.finalise, name="finalise"),
    path("<str:key>/<str:year>/mo-lai/", views.reopen, name="reopen"),
]
