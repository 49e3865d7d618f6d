from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("", views.index, name="index"),
    path("tinh-hinh/", views.board, name="board"),
    path("bao-cao/<int:pk>/", views.detail, name="detail"),
    path("bao-cao/<int:pk>/<str:step>/", views.decide, name="decide"),
    path("nhap/<str:form_code>/<str:unit_key>/<path:period>/", views.entry, name="entry"),
]
