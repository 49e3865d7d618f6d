"""Settings for the browser tests (`make test-browser`): the test settings with a test database of their own.

Browser tests drive a real server thread, so their data is committed; a separate test database keeps it away
from the unit tests' rolled-back transactions.
"""

from .settings_test import *  # noqa: F403
from .settings_test import DATABASES, VAR_DIR

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-browser.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_browser"}

# Django's live-server thread wraps the site in a media handler that needs a URL prefix; uploaded files are still
# only sent by the permission-checking views, so nothing is served under it.
MEDIA_URL = "/__media-not-served__/"

# Every browser test signs in from 127.0.0.1 through the login form; the per-address limit (30 attempts in 15
# minutes) would refuse the later tests' logins once the suite holds more than ~30 sign-ins. The limit itself is
# tested in the unit tests (danvan/accounts/tests).
LOGIN_ADDRESS_RATE_LIMIT = 100_000
