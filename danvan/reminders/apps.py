from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "danvan.reminders"
    label = "reminders"
    verbose_name = _("Nhắc việc và thông báo")

    def ready(self) -> None:
        from danvan.core import home_panels

        from . import builtin, checks  # noqa: F401 (checks registers itself)
        from .panels import work_items

        builtin.register_builtin_sources()
        home_panels.register_queue(work_items, order=5)
