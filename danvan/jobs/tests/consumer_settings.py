"""Settings of the Huey consumer that test_consumer.py starts: the test database, a queue file of the test's."""

import os
from pathlib import Path

from config.settings_test import *  # noqa: F403
from config.settings_test import DATABASES, HUEY

DATABASES["default"]["NAME"] = os.environ["JOBS_TEST_DB_NAME"]
HUEY = {**HUEY, "immediate": False, "huey_class": "huey.SqliteHuey",
        "connection": {"filename": os.environ["JOBS_TEST_QUEUE"]}, "consumer": {"workers": 1, "worker_type": "thread"}}
MEDIA_ROOT = Path(os.environ["JOBS_TEST_MEDIA_ROOT"])
