"""The commendations list's rows as one escaped string (issue 16; the markup the template loop made, see
core.rows): `{% load commendation_rows %}{% commendation_rows page.object_list %}`."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from danvan.core import rows

register = template.Library()

_ROW = ('\n<tr>\n  <td><a href="{}">{}</a><br><small class="muted">{}{}</small></td>\n  <td>{}</td>\n  <td>{}</td>\n'
        '  <td>{}</td>\n  <td>{}</td>\n  <td><span class="tag{}">{}</span></td>\n</tr>\n')
_STATUS_CSS = {"decided": " ok", "returned": " bad", "proposed": " warn", "approved": " warn"}


def _decision(c) -> str:
    if not c.decision_number:
        return ""
    day = c.decision_date
    text = f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""  # the `date:"d/m/Y"` filter
    return format_html("{}<br><small>{}</small>", c.decision_number, text)


@register.simple_tag
def commendation_rows(commendations):
    url = rows.url_for("commendations:detail")
    return mark_safe("".join(
        format_html(_ROW, url(c.pk), c.recipient_display, c.get_recipient_type_display(),
                    format_html(" · {}", c.recipient_position) if c.recipient_position else "",
                    c.award_display, c.unit.name, c.period_display, _decision(c),
                    _STATUS_CSS.get(c.status, ""), c.get_status_display())
        for c in commendations))
