from django.urls import path

from . import views

app_name = "commendations"
urlpatterns = [
    path("", views.commendation_list, name="list"),
    path("them/", views.commendation_create, name="create"),
    path("nhap/", views.commendation_import, name="import"),
    path("xuat.csv", views.export_csv, name="export_csv"),
    path("xuat.xlsx", views.export_xlsx, name="export_xlsx"),
    path("thong-ke/", views.commendation_stats, name="stats"),
    path("<int:pk>/", views.commendation_detail, name="detail"),
    path("<int:pk>/sua/", views.commendation_edit, name="edit"),
    path("<int:pk>/de-nghi/", views.commendation_propose, name="propose"),
    path("<int:pk>/duyet/", views.commendation_approve, name="approve"),
    path("<int:pk>/tra-lai/", views.commendation_return, name="return"),
    path("<int:pk>/quyet-dinh/", views.commendation_decide, name="decide"),
    path("<int:pk>/huy/", views.commendation_cancel, name="cancel"),
    path("<int:pk>/xoa/", views.commendation_delete, name="delete"),
]
