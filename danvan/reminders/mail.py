"""The e-mail of one user's reminders (immediate or a digest), in Vietnamese, plain text and HTML, with
absolute links (settings.SITE_URL) to each item, the notifications page and the preferences page."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from danvan.core.formatting import format_date_long, format_date_short, format_number

from . import sources
from .models import Delivery


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def state_text(due: datetime.date, day: datetime.date) -> str:
    left = (due - day).days
    if left > 0:
        return _("còn %(n)s ngày") % {"n": format_number(left)}
    if left == 0:
        return _("đến hạn hôm nay")
    return _("quá hạn %(n)s ngày") % {"n": format_number(-left)}


def entries(rows, day: datetime.date) -> list[dict]:
    """The message's items grouped by kind (in the sources' order), overdue first, then by due date."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row.kind].append({
            "title": row.title, "detail": row.detail, "url": absolute(row.url), "due": row.due,
            "due_text": format_date_long(row.due), "state": state_text(row.due, day), "overdue": row.due < day,
            "escalated": row.escalated, "unit": row.unit.name if row.unit else "",
        })
    order = {source.kind: i for i, source in enumerate(sources.all_sources())}
    return [{"label": sources.label_of(kind), "items": sorted(items, key=lambda e: (not e["overdue"], e["due"]))}
            for kind, items in sorted(groups.items(), key=lambda kv: (order.get(kv[0], 999), kv[0]))]


def subject_for(channel: str, count: int, overdue: int, day: datetime.date) -> str:
    counts = _("%(n)s việc") % {"n": format_number(count)}
    if overdue:
        counts += _(" (%(n)s việc quá hạn)") % {"n": format_number(overdue)}
    if channel == Delivery.DAILY:
        return _("[danvan] Tổng hợp nhắc việc ngày %(date)s: %(counts)s") % {
            "date": format_date_short(day), "counts": counts}
    if channel == Delivery.WEEKLY:
        monday = day - datetime.timedelta(days=day.weekday())
        return _("[danvan] Tổng hợp nhắc việc tuần từ ngày %(date)s: %(counts)s") % {
            "date": format_date_short(monday), "counts": counts}
    return _("[danvan] Nhắc việc: %(counts)s") % {"counts": counts}


def build_email(*, user, channel: str, rows, day: datetime.date, connection=None) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        groups = entries(rows, day)
        overdue = sum(1 for group in groups for item in group["items"] if item["overdue"])
        count = sum(len(group["items"]) for group in groups)
        context = {
            "name": user.full_name or user.username, "groups": groups, "count": count, "overdue": overdue,
            "channel": channel, "day_text": format_date_long(day),
            "is_digest": channel in (Delivery.DAILY, Delivery.WEEKLY),
            "notifications_url": absolute(reverse("reminders:list")),
            "preferences_url": absolute(reverse("reminders:preferences")),
        }
        subject = subject_for(channel, count, overdue, day)
        text = render_to_string("reminders/email/reminders.txt", context)
        html = render_to_string("reminders/email/reminders.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                   to=[user.email], connection=connection)
    email.attach_alternative(html, "text/html")
    return email
