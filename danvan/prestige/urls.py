from django.urls import path

from . import views

app_name = "prestige"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("them/", views.person_create, name="create"),
    path("nhap/", views.person_import, name="import"),
    path("nhap-ho-tro/", views.support_import, name="support_import"),
    path("mau-nhap.xlsx", views.import_template, name="import_template"),
    path("xuat.xlsx", views.export_xlsx, name="export_xlsx"),
    path("xuat.csv", views.export_csv, name="export_csv"),
    path("ho-tro/xuat.xlsx", views.support_export_xlsx, name="support_export_xlsx"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/sua/", views.person_edit, name="edit"),
    path("<int:pk>/trang-thai/", views.person_set_status, name="set_status"),
    path("<int:pk>/khoi-phuc/", views.person_restore, name="restore"),
    path("<int:pk>/xoa/", views.person_delete, name="delete"),
    path("<int:pk>/ho-tro/", views.support_add, name="support_add"),
    path("<int:pk>/ho-tro/<int:entry_pk>/xoa/", views.support_delete, name="support_delete"),
    path("<int:pk>/lien-ket/", views.link_add, name="link_add"),
    path("<int:pk>/lien-ket/xoa/", views.link_remove, name="link_remove"),
]
