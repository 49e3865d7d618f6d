from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "danvan.commendations"
    label = "commendations"
    verbose_name = _("Khen thưởng")
