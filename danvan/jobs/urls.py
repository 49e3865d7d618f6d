from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<str:job_id>/", views.job_detail, name="detail"),
    path("<str:job_id>/tien-do/", views.job_progress, name="progress"),
    path("<str:job_id>/chay-lai/", views.job_retry, name="retry"),
    path("<str:job_id>/loi.<str:fmt>", views.job_errors, name="errors"),
]
