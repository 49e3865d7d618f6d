"""Jobs of the registry of people of prestige, run by the Huey consumer."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="0", minute="20"))
def prestige_roll_year() -> None:
    """Give every person still in the list the facts of the current reporting year (new on its first day;
    a no-op on every other day)."""
    from .services import sync_current_year

    sync_current_year()
