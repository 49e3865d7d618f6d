from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("tao/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("<int:pk>/chi-tieu/", views.target_add, name="target_add"),
    path("<int:pk>/chi-tieu/<int:target_pk>/xoa/", views.target_delete, name="target_delete"),
    path("<int:pk>/lien-ket/", views.link_add, name="link_add"),
    path("<int:pk>/ket-qua/", views.progress_add, name="progress_add"),
    path("<int:pk>/tien-do.<str:fmt>", views.export_progress, name="export_progress"),
    path("<int:pk>/so-quy/", views.ledger_list, name="ledger"),
    path("<int:pk>/so-quy/ghi/", views.entry_create, name="entry_create"),
    path("<int:pk>/so-quy/nhap/", views.import_ledger, name="import_ledger"),
    path("<int:pk>/so-quy.<str:fmt>", views.export_ledger, name="export_ledger"),
    path("<int:pk>/so-quy/<int:entry_pk>/", views.entry_detail, name="entry_detail"),
    path("<int:pk>/nha/", views.house_list, name="houses"),
    path("<int:pk>/nha/them/", views.house_create, name="house_create"),
    path("<int:pk>/nha/nhap/", views.import_houses, name="import_houses"),
    path("<int:pk>/nha.<str:fmt>", views.export_houses, name="export_houses"),
    path("nha/<int:house_pk>/", views.house_detail, name="house_detail"),
    path("nha/<int:house_pk>/sua/", views.house_edit, name="house_edit"),
    path("nha/<int:house_pk>/anh/", views.photo_upload, name="photo_upload"),
    path("nha/<int:house_pk>/<slug:step>/", views.house_advance, name="house_advance"),
    path("anh/<int:photo_pk>/", views.photo_download, name="photo"),
]
