from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "danvan.portal"
    verbose_name = _("Cổng thông tin")

    def ready(self) -> None:
        from . import signals  # noqa: F401
