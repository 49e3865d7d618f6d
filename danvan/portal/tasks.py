"""The portal's periodic jobs, run by the Huey consumer (`manage.py run_huey`, started by `make run`)."""

from django.core.management import call_command
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish those past their expiry (Wagtail)."""
    call_command("publish_scheduled", verbosity=0)


@db_periodic_task(crontab(minute="*/5"))
def flush_view_counts() -> None:
    """Move the view counts kept in the cache to the database."""
    call_command("flush_view_counts", verbosity=0)
