from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_migrate(sender, **kwargs):
    from .indicators import sync_indicators

    sync_indicators()


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    label = "reports"
    verbose_name = _("Báo cáo và chỉ tiêu")

    def ready(self):
        from danvan.core import home_panels, navigation

        from . import facts, panels, rollups

        home_panels.register(panels.key_figures_panel, order=20)

        navigation.register(_("Số liệu"), "reports:index", order=70)

        facts.on_facts_changed(rollups.facts_changed)
        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="reports-sync-indicators")
