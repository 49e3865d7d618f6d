from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("them/", views.programme_create, name="create"),
    path("nhap/", views.programme_import, name="import"),
    path("mau-nhap.xlsx", views.import_template, name="import_template"),
    path("nhiem-vu/", views.item_list, name="items"),
    path("nhiem-vu/<int:pk>/", views.item_detail, name="item"),
    path("nhiem-vu/<int:pk>/sua/", views.item_edit, name="item_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.item_delete, name="item_delete"),
    path("nhiem-vu/<int:pk>/tinh-trang/", views.item_status, name="item_status"),
    path("nhiem-vu/<int:pk>/lien-ket/", views.item_links, name="item_links"),
    path("nhiem-vu/<int:pk>/bo-lien-ket/", views.item_unlink, name="item_unlink"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/sua/", views.programme_edit, name="edit"),
    path("<int:pk>/xoa/", views.programme_delete, name="delete"),
    path("<int:pk>/phe-duyet/", views.programme_approve, name="approve"),
    path("<int:pk>/mo-lai/", views.programme_reopen, name="reopen"),
    path("<int:pk>/tu-phan-thu-hai/", views.programme_from_part_two, name="from_part_two"),
    path("<int:pk>/them-nhiem-vu/", views.item_add, name="item_add"),
    path("<int:pk>/xuat.xlsx", views.programme_export, name="export"),
]
