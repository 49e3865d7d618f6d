"""Today's date, defined once: the project's time zone (TIME_ZONE, Asia/Ho_Chi_Minh), never the server's."""

from __future__ import annotations

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()
