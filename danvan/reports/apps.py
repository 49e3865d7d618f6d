from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_migrate(sender, using="default", **kwargs):
    """Keep the indicator catalogue in step after `migrate`.

    post_migrate is sent for every app on every run, including `migrate <other app>` on a database where
    the engine's own tables do not exist yet; then there is nothing to sync.
    """
    from django.db import connections

    from .indicators import sync_indicators
    from .models import Indicator

    if Indicator._meta.db_table not in connections[using].introspection.table_names():
        return
    sync_indicators()


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    label = "reports"
    verbose_name = _("Báo cáo và chỉ tiêu")

    def ready(self):
        from danvan.core import navigation

        from . import facts, rollups

        navigation.register(_("Số liệu"), "reports:index", order=70)

        facts.on_facts_changed(rollups.facts_changed)
        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="reports-sync-indicators")
