"""Housekeeping jobs of the whole site, run by the Huey consumer (`manage.py run_huey`)."""

from django.core.management import call_command
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="2", minute="15"))
def clear_expired_sessions() -> None:
    """Delete expired sessions every night so the session store does not grow without bound."""
    call_command("clearsessions")
