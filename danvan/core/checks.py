"""System checks for production settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Info, Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_FROM_ENVIRONMENT", True):
        return []
    return [Warning(
        "SECRET_KEY was generated into var/secret_key on this machine.",
        hint="Set SECRET_KEY in the environment: every app server behind the proxy must share one key, "
             "or sessions and CSRF tokens break between them.",
        id="danvan.W001",
    )]


@register(Tags.security, deploy=True)
def static_files_collected(app_configs, **kwargs):
    if getattr(settings, "STATIC_COLLECTED", True) or settings.DEBUG:
        return []
    return [Info(
        "Static files have not been collected: they are served unhashed from the source directories.",
        hint="Run `python manage.py collectstatic --noinput` as part of every deploy.",
        id="danvan.I002",
    )]
