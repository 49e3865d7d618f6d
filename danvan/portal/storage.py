"""Where public images live. Originals stay in the private media store (never served by URL); readers get
only renditions, which Wagtail re-encodes with Pillow (resized, metadata dropped)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage

RENDITIONS_URL = "/anh/"


class RenditionStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.MEDIA_ROOT / "portal-renditions")
        kwargs.setdefault("base_url", RENDITIONS_URL)
        super().__init__(**kwargs)
