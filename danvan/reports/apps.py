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
    # After an upgrade: re-derive the facts whose counting rule changed and rebuild unusable roll-ups, so
    # nobody has to remember `rebuild_rollups` (docs/reports.md, "After an upgrade").
    from django.conf import settings

    if using == "default" and getattr(settings, "ROLLUPS_REBUILD_ON_MIGRATE", True):
        from .upkeep import bring_up_to_date

        verbosity = kwargs.get("verbosity", 1)
        stdout = kwargs.get("stdout") if verbosity else None
        bring_up_to_date(stdout=stdout)


def pending_upkeep_check(app_configs=None, databases=None, **kwargs):
    """reports.W001: facts of a changed counting rule not re-derived, or roll-ups unusable (`check --database
    default`, and before `migrate`, which then brings them up to date itself)."""
    from django.core.checks import Warning

    if not databases or "default" not in databases:
        return []
    from django.db import DatabaseError

    from .upkeep import pending

    try:
        behind = pending()
    except DatabaseError:  # no database yet
        return []
    if not behind:
        return []
    return [Warning(
        "Derived figures are behind the code: " + "; ".join(behind) + ".",
        hint="Run `python manage.py migrate` (it brings them up to date at its end) or "
             "`python manage.py rebuild_rollups`. Until then figures are computed live (correct, slower), and "
             "facts of a changed counting rule miss their new indicators.",
        id="reports.W001")]


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
        from django.core.checks import Tags, register

        register(pending_upkeep_check, Tags.database)
