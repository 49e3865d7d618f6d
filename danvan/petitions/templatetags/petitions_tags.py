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


_CASE_ROW = ('\n<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td>\n'
             '<td>{}{}{}</td>\n'
             '<td>{}</td><td>{}</td><td>{}</td></tr>\n')


@register.simple_tag
def case_rows(cases, today):
    """The cases list's rows as one escaped string (issue 16): the markup the template loop made, without a
    variable lookup, filter and escape per cell through the template language (see core.rows)."""
    from django.utils.safestring import mark_safe

    from danvan.core import rows

    url = rows.url_for("petitions:case_detail")
    hotspot = format_html(' <span class="tag bad">{}</span>', _("điểm nóng"))
    mass = format_html(' <span class="tag warn">{}</span>', _("đông người"))
    return mark_safe("".join(
        format_html(_CASE_ROW, url(case.pk), case.tracking_code, rows.date(case.received_on), case.get_kind_display(),
                    case.subject, hotspot if case.hotspot_id else "", mass if case.petitioner_type == "mass" else "",
                    case.unit, case.get_status_display(), due_badge(case, today))
        for case in cases))
