from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "danvan.annual"
    label = "annual"
    verbose_name = _("Báo cáo tổng kết năm")

    def ready(self) -> None:
        from danvan.core import navigation

        navigation.register(_("Tổng kết năm"), "annual:index", order=80)
