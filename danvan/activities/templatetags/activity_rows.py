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


_COMMITMENT_ROW = ('<tr><td>{}</td><td>{} ({}, {})</td><td>{}</td><td>{}</td>\n'
                   '<td>{}</td></tr>\n')


@register.simple_tag
def commitment_rows(commitments, today):
    """The commitments list's rows (`may_open` set by the view through the gatekeeper)."""
    url = rows.url_for("activities:detail")
    done = format_html('<span class="tag ok">{}</span>', _("đã thực hiện"))
    late = format_html('<span class="tag bad">{}</span>', _("quá hạn"))
    running = format_html('<span class="tag warn">{}</span>', _("đang thực hiện"))

    def status(c):
        if c.status == "done":
            return done
        return late if c.deadline is not None and today is not None and c.deadline < today else running

    return mark_safe("".join(
        format_html(_COMMITMENT_ROW, c.content,
                    format_html('<a href="{}">{}</a>', url(c.activity.pk), c.activity.title)
                    if getattr(c, "may_open", False) else c.activity.title,
                    c.activity.unit.name, rows.date(c.activity.start_date), c.owner_unit.name, rows.date(c.deadline),
                    status(c))
        for c in commitments))
