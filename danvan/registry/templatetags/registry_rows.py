"""The registry list's rows as one escaped string (issue 16; the markup the template loop made, see core.rows):
`{% load registry_rows %}{% registry_rows page.rows %}`."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from danvan.core import rows

register = template.Library()

_ROW = ('\n<tr><td><a href="{}?nam={}">{}</a>{}</td>\n'
        '<td>{}</td><td>{}</td><td>{}</td><td>{}</td>\n'
        '<td><span class="tag{}">{}</span>{}</td>\n'
        '<td>{}</td></tr>\n')


def _css(y) -> str:
    if y.is_recognised:
        return " ok"
    return {"not_recognised": " bad", "returned": " warn"}.get(y.status, "")


@register.simple_tag
def registry_rows(years):
    url = rows.url_for("registry:detail")
    return mark_safe("".join(
        format_html(_ROW, url(y.model_id), y.year, y.model.name,
                    format_html('<br><small class="muted">{}</small>', y.model.person_name)
                    if y.model.subject == "ca_nhan" else "",
                    y.unit.name, y.year, y.field.name, y.get_subject_display(),
                    _css(y), y.get_status_display(),
                    format_html(" <small>{}</small>", y.get_recognition_level_display()) if y.recognition_level else "",
                    rows.date(y.registered_on))
        for y in years))
