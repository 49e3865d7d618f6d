"""`manage.py check --deploy`: say when reminders would be printed instead of e-mailed."""

from django.conf import settings
from django.core.checks import Info, register


@register(deploy=True)
def email_configured(app_configs, **kwargs):
    if settings.DEBUG or "console" not in settings.EMAIL_BACKEND:
        return []
    return [Info(
        "EMAIL_HOST is not set: reminders are printed by the job consumer (console e-mail backend), not e-mailed.",
        hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, DEFAULT_FROM_EMAIL, SITE_URL); "
             "see docs/reminders.md.",
        id="reminders.I001",
    )]
