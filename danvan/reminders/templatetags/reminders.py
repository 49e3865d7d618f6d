"""The bell in the page header: `{% load reminders %}{% reminder_bell %}`."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def reminder_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return ""
    count = selectors.unread_count_for_request(request)
    text = selectors.bell_text(count)
    label = _("Thông báo nhắc việc: %(n)s chưa đọc") % {"n": text} if count else _("Thông báo nhắc việc")
    badge = format_html('<span class="bell-count">{}</span>', text) if count else ""
    return format_html('<a class="bell{}" href="{}" title="{}" aria-label="{}">'
                       '<span aria-hidden="true">&#128276;</span>{}</a>',
                       " has-unread" if count else "", reverse("reminders:list"), label, label, badge)


@register.simple_tag(takes_context=True)
def reminder_preference(context):
    """The signed-in user's reminder choice (the default, unsaved, when none was made)."""
    return selectors.preference_of(context["request"].user)
