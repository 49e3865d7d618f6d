"""Background jobs of the dashboards (run by the Huey consumer, `manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/5"))
def warm_dashboards() -> None:
    """Every 5 minutes: when figures changed, rebuild the cached charts of the national and provincial
    dashboards, so officials open them from the cache."""
    from .warm import warm_if_changed

    warm_if_changed()
