"""Days-left badges for cases."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def due_badge(case, today):
    left = case.days_left(today)
    if left is None:
        return ""
    if left < 0:
        return format_html('<span class="tag bad">{}</span>', _("quá hạn %(n)s ngày") % {"n": -left})
    css = "warn" if left <= 5 else "ok"
    return format_html('<span class="tag {}">{}</span>', css, _("còn %(n)s ngày") % {"n": left})
