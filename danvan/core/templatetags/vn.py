"""Template filters for Vietnamese formats; loaded as a builtin in every template."""

from django import template

from danvan.core import formatting, rows

register = template.Library()


@register.filter
def vn_number(value, decimals=0):
    return rows.number(value, int(decimals))


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


@register.filter
def vn_date(value):
    return rows.date(value)


@register.filter
def vn_date_long(value):
    return formatting.format_date_long(rows.local_date(value))


@register.filter
def vn_timestamp(value):
    return formatting.format_timestamp(value)


@register.simple_tag
def picker_input(name, value="", source="unit", scope="view", label=""):
    """A picker for a GET filter: `{% picker_input "don_vi" unit "unit" "view" %}` (value: record or text)."""
    from danvan.core.picker import PickerWidget

    attrs = {"id": f"id_{name}"}
    if label:
        attrs["aria-label"] = label
    return PickerWidget(source, scope).render(name, value if value not in (None,) else "", attrs=attrs)


@register.simple_tag
def readable_history(events):
    """`{% readable_history history as entries %}`: audit events as sentences (danvan.core.history)."""
    from danvan.core.history import describe_all

    return describe_all(events or [])


@register.filter
def vn_words(value):
    """50000000 -> "Năm mươi triệu đồng"."""
    return formatting.format_amount_in_words(value) if value not in (None, "") else ""


@register.simple_tag(takes_context=True)
def sort_header(context, name, label, css=""):
    """`<th>` whose link sorts the table by `name` (the current column flips its direction)."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    request, state = context["request"], context.get("sort")
    params = request.GET.copy()
    params.pop("page", None)
    current = state is not None and state.column == name
    # A new column sorts ascending; the current one flips.
    params[getattr(state, "param", "sap_xep")] = ("-" + name if not state.descending else name) if current else name
    aria = ""
    if current:
        aria = format_html(' aria-sort="{}"', "descending" if state.descending else "ascending")
    title = _("Sắp xếp theo cột này")
    return format_html('<th{}{}><a class="sort" href="?{}" title="{}">{}</a></th>',
                       format_html(' class="{}"', css) if css else "", aria, params.urlencode(), title, label)
