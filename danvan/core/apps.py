from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from . import checks, freshness  # noqa: F401 (checks registers the deploy checks)
        from .choices import install
        from .sync import connect_tombstones

        connect_tombstones()
        freshness.connect()
        install()  # get_FOO_display() translates a field's labels once per language, not on every call
