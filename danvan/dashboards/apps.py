from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "danvan.dashboards"
    verbose_name = _("Bảng điều khiển")

    def ready(self) -> None:
        from danvan.core import navigation

        navigation.register(_("Bảng điều khiển"), "dashboards:mine", order=5)
