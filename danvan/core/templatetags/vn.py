"""Template filters for Vietnamese formats; loaded as a builtin in every template."""

import datetime

from django import template
from django.utils import timezone

from danvan.core import formatting

register = template.Library()


@register.filter
def vn_number(value, decimals=0):
    return formatting.format_number(value, int(decimals)) if value not in (None, "") else ""


@register.filter
def vn_figure(value, decimals=0):
    """A figure of the reporting engine: "—" when there is no data (None), which is not 0."""
    return "—" if value in (None, "") else formatting.format_number(value, int(decimals))


@register.filter
def vn_money(value):
    return formatting.format_money_words(value)


@register.filter
def vn_vnd(value):
    return formatting.format_vnd(value)


@register.filter
def vn_percent(value, decimals=1):
    return formatting.format_percent(value, int(decimals))


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def vn_date(value):
    return formatting.format_date_short(_as_date(value))


@register.filter
def vn_date_long(value):
    return formatting.format_date_long(_as_date(value))


@register.filter
def vn_timestamp(value):
    return formatting.format_timestamp(value)
