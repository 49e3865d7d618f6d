"""The reminders' scheduled jobs, run by the Huey consumer (`manage.py run_huey`, started by `make run`).

HUEY runs with utc=True, so the crontabs below are in UTC; Asia/Ho_Chi_Minh is UTC+7 all year:
- every hour at :30 from 06:30 to 18:30 (23:30–11:30 UTC): compute the day's reminders (the bell shows them),
  e-mail those who chose "immediately", retry the failed e-mails of the digests;
- 07:00 (00:00 UTC): the daily digest; Monday 07:05 (00:05 UTC Monday): the weekly digest.
Each job is idempotent and safe to overlap with another (rows are claimed before sending): run twice, it
sends nothing twice (see services.py).
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import Delivery


@db_periodic_task(crontab(minute="30", hour="23,0-11"))
def reminders_hourly() -> None:
    from . import services

    services.run_hourly()


@db_periodic_task(crontab(minute="0", hour="0"))
def reminders_daily_digest() -> None:
    from . import services

    services.run_digest(channel=Delivery.DAILY)


@db_periodic_task(crontab(minute="5", hour="0", day_of_week="1"))
def reminders_weekly_digest() -> None:
    from . import services

    services.run_digest(channel=Delivery.WEEKLY)
