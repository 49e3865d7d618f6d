from django.urls import path

from . import views

app_name = "orgunits"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("<str:key>/", views.detail, name="detail"),
]
