"""Writes of the reminders app: compute what is due, e-mail it, preferences and rules.

The order that makes a re-run harmless:
1. `compute_reminders(day)` writes one `SentReminder` per (user, item, occasion) — unique, so a second run
   of the same day (or a concurrent one) adds nothing; an item already reminded to a user that day is not
   reminded again under another occasion or rule.
2. `send_reminders(channel, day)` claims a user's rows (a conditional UPDATE: two senders never claim the
   same row), re-checks that each item is still due and still visible to the user, sends one message, and
   only then marks the rows sent. A failing mail server (SMTPException, a refused connection, a timeout)
   marks them failed with the error: the next run sends them again. A sender that died between claim and
   mark leaves "sending" rows, taken again after an hour (at worst one duplicate after a crash, never a
   lost reminder).
Nothing here runs inside a web request: the Huey jobs (tasks.py) and `manage.py send_reminders` call it.

One module per stage (`compute`, `sending`, `passes`; `preferences` for what users and administrators change);
import the functions from here.
"""

from .compute import (  # noqa: F401
    CHUNK,
    MAIL_ERRORS,
    RETRY_DAYS,
    STALE_CLAIM,
    ComputeResult,
    Planned,
    compute_reminders,
    item_key,
    plan_reminders,
)
from .passes import (  # noqa: F401
    RunResult,
    run_all,
    run_digest,
    run_hourly,
)
from .preferences import (  # noqa: F401
    mark_read,
    preference_save,
    rule_delete,
    rule_save,
)
from .sending import (  # noqa: F401
    SendResult,
    send_reminders,
    skip_unmailable,
)
