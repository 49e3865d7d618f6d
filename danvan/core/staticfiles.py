"""Static files storage that works before `collectstatic` and in development.

Production (DEBUG off, `collectstatic` run as the deploy steps say): hashed, compressed file names with
far-future caching, exactly whitenoise's CompressedManifestStaticFilesStorage. Development (DEBUG on) or
a server started before anything was collected (`make demo` then `manage.py runserver`): plain names,
served by whitenoise from the app's static/ directories (settings.WHITENOISE_USE_FINDERS), instead of
a 500 on every page for a missing manifest entry. `manage.py check --deploy` warns when production
settings run without collected files.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class DanvanStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name: str) -> str:
        if not getattr(settings, "STATIC_COLLECTED", True):
            return name
        return super().stored_name(name)
