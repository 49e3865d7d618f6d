from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "danvan.annual"
    label = "annual"
    verbose_name = _("Báo cáo tổng kết năm")

    def ready(self) -> None:
        from danvan.core import home_panels, navigation

        from .views import home_panel

        navigation.register(_("Tổng kết năm"), "annual:index", order=80)
        home_panels.register(home_panel, order=80)
