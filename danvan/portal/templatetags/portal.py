"""Dates the way Vietnamese news sites print them: "Thứ Tư, 25/12/2024 08:30" and "2 tháng trước"."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def weekday_name(day: datetime.date) -> str:
    names = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ Nhật")]
    return names[day.weekday()]


@register.filter
def vn_weekday_date(value, with_time: bool = False) -> str:
    """datetime -> "Thứ Tư, 25/12/2024" (with_time: "Thứ Tư, 25/12/2024 08:30")."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        text = f"{weekday_name(value.date())}, {value.day:02d}/{value.month:02d}/{value.year}"
        return f"{text} {value:%H:%M}" if with_time else text
    return f"{weekday_name(value)}, {value.day:02d}/{value.month:02d}/{value.year}"


@register.filter
def vn_ago(value, now: datetime.datetime | None = None) -> str:
    """"vừa xong", "5 phút trước", "3 giờ trước", "2 ngày trước", "2 tháng trước", "3 năm trước"."""
    if not value:
        return ""
    now = now or timezone.now()
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(), tzinfo=timezone.get_current_timezone())
    seconds = max(0, int((now - value).total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 1:
        return _("vừa xong")
    if hours < 1:
        return ngettext("%(n)d phút trước", "%(n)d phút trước", minutes) % {"n": minutes}
    if days < 1:
        return ngettext("%(n)d giờ trước", "%(n)d giờ trước", hours) % {"n": hours}
    if days < 30:
        return ngettext("%(n)d ngày trước", "%(n)d ngày trước", days) % {"n": days}
    if days < 365:
        months = days // 30
        return ngettext("%(n)d tháng trước", "%(n)d tháng trước", months) % {"n": months}
    years = days // 365
    return ngettext("%(n)d năm trước", "%(n)d năm trước", years) % {"n": years}


@register.simple_tag
def portal_sections():
    from ..selectors import sections

    return list(sections().only("id", "title", "url_path", "slug", "path", "depth"))


@register.filter(needs_autoescape=True)
def urlize_ugc(value, autoescape=True):
    """Escaped reader text whose links carry rel="nofollow ugc" and are never followed as endorsed."""
    from django.utils.html import urlize
    from django.utils.safestring import mark_safe

    html = urlize(value, nofollow=True, autoescape=autoescape)
    return mark_safe(html.replace('rel="nofollow"', 'rel="nofollow ugc"'))
