from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "danvan.submissions"
    label = "submissions"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from danvan.core import home_panels, navigation
        from danvan.reports.locks import register_approval_checker, register_lock_checker

        from . import locks, panels

        register_lock_checker(locks.accepted_lock)
        register_approval_checker(locks.is_accepted)
        navigation.register(_("Báo cáo định kỳ"), "submissions:index", order=70)
        home_panels.register_queue(panels.work_items, order=10)
