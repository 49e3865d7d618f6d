from django.urls import path

from danvan.accounts.permissions import readers_may_post

from . import views

app_name = "reminders"
urlpatterns = [
    path("", views.notification_list, name="list"),
    # A user's own notifications and choices only: a reader (viewer) may post here too.
    path("doc-het/", readers_may_post(views.mark_all_read), name="read_all"),
    path("<int:pk>/da-doc/", readers_may_post(views.mark_read), name="read"),
    path("<int:pk>/mo/", readers_may_post(views.open_item), name="open"),
    path("cai-dat/", readers_may_post(views.preferences), name="preferences"),
    path("quy-tac/", views.rule_list, name="rules"),
]
