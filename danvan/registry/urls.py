from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.model_list, name="list"),
    path("dang-ky/", views.create, name="create"),
    path("xuat.<str:fmt>", views.export, name="export"),
    path("mau-nhap.xlsx", views.import_template, name="template"),
    path("nhap/", views.import_view, name="import"),
    path("vinh-danh/", views.honour_roll, name="honour_roll"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("tieu-chi/", views.criteria, name="criteria"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/nam/<int:year>/<slug:action>/", views.year_action, name="year_action"),
    path("<int:pk>/tep/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/tep/<int:attachment_id>/xoa/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/<slug:action>/", views.model_action, name="model_action"),
]
