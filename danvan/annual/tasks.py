"""Background jobs of the annual report (run by the Huey consumer, `manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/5"))
def warm_report_charts() -> None:
    """Every 5 minutes: when figures changed, draw the charts of the national report and of the draft
    reports in progress into the cache, so their DOCX downloads do not wait for matplotlib."""
    from .warm import warm_if_changed

    warm_if_changed()
