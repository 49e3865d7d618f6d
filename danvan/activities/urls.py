from django.urls import path

from .views import activities as a
from .views import documents as d

app_name = "activities"
urlpatterns = [
    path("", a.activity_list, name="list"),
    path("them/", a.activity_create, name="create"),
    path("xuat/", a.activity_export, name="export"),
    path("nhap/", a.activity_import, name="import"),
    path("thong-ke/", a.stats, name="stats"),
    path("cam-ket/", a.commitment_list, name="commitments"),
    path("cam-ket/<int:pk>/trang-thai/", a.commitment_status, name="commitment_status"),
    path("tep/<int:pk>/", a.attachment_download, name="attachment"),
    path("tep/<int:pk>/xoa/", a.attachment_delete, name="attachment_delete"),
    path("<int:pk>/", a.activity_detail, name="detail"),
    path("<int:pk>/sua/", a.activity_edit, name="edit"),
    path("<int:pk>/xoa/", a.activity_delete, name="delete"),
    path("<int:pk>/tep/", a.attachment_upload, name="attachment_upload"),
    path("<int:pk>/van-de/", a.issue_add, name="issue_add"),
    path("<int:pk>/cam-ket/", a.commitment_add, name="commitment_add"),
    path("van-ban/", d.document_list, name="document_list"),
    path("van-ban/them/", d.document_create, name="document_create"),
    path("van-ban/<int:pk>/", d.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/sua/", d.document_edit, name="document_edit"),
    path("van-ban/<int:pk>/tep/", d.document_file, name="document_file"),
    path("van-ban/<int:pk>/yeu-cau/", d.requirement_add, name="requirement_add"),
    path("van-ban/<int:pk>/ke-hoach/", d.plan_add, name="plan_add"),
    path("van-ban/<int:pk>/so-ket-tong-ket/", d.review_add, name="review_add"),
    path("van-ban/<int:pk>/de-an/", d.project_add, name="project_add"),
    path("de-an/<int:pk>/trang-thai/", d.project_status, name="project_status"),
]
