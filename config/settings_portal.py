"""The public portal's settings (issue 17): Wagtail 7.4 kept small and offline, one sign-in with danvan, and the
portal's own feedback, counter and page cache. Imported by config/settings.py; environment variables as there."""

from config.env import NonEmptyEnv as _NonEmptyEnv

_env = _NonEmptyEnv()

WAGTAIL_SITE_NAME = "Cổng thông tin công tác dân vận"
WAGTAILADMIN_BASE_URL = _env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# One sign-in: the Wagtail admin uses danvan's rate-limited login page and its sign-out.
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
# Offline: no update check, no "what's new" banner, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # readable URLs without diacritics
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # media has no public URL; the view checks privacy
WAGTAILIMAGES_MAX_UPLOAD_SIZE = _env.int("PORTAL_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "blockquote"]},
    }
}
# Reader feedback and the view counter.
PORTAL_FEEDBACK_MIN_SECONDS = _env.int("PORTAL_FEEDBACK_MIN_SECONDS", default=5)
PORTAL_FEEDBACK_MAX_LINKS = _env.int("PORTAL_FEEDBACK_MAX_LINKS", default=2)
PORTAL_FEEDBACK_RATE = _env.int("PORTAL_FEEDBACK_RATE", default=5)  # posts per client per hour
PORTAL_PAGE_CACHE_SECONDS = _env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)
# How long a worker serves its own copy of a cached article before Redis confirms it again (and counts the
# readers it served meanwhile): the most a change made in another worker can take to reach readers.
PORTAL_LOCAL_RECHECK_SECONDS = _env.float("PORTAL_LOCAL_RECHECK_SECONDS", default=1.0)
WAGTAILIMAGES_RENDITION_STORAGE = "danvan.portal.storage.RenditionStorage"
WAGTAILADMIN_PATH = "bien-tap/"
