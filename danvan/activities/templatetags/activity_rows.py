"""The activities list's rows as one escaped string: `{% load activity_rows %}{% activity_rows page.object_list %}`
(issue 16; the markup the template loop made, see core.rows)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from danvan.core import rows

register = template.Library()

_ROW = ('\n<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\n'
        '<td>{}{}</td></tr>\n')


@register.simple_tag
def activity_rows(activities):
    url = rows.url_for("activities:detail")
    overdue = format_html('<span class="tag bad">{}</span>', _("cam kết quá hạn"))
    return mark_safe("".join(
        format_html(_ROW, rows.date(a.start_date), url(a.pk), a.title, a.kind.name, a.unit.name,
                    a.get_level_display(), rows.number(a.attendees),
                    format_html('<span class="tag">{}</span>', a.get_status_display()) if a.status != "held" else "",
                    overdue if getattr(a, "has_overdue", False) else "")
        for a in activities))
