from django import template

from danvan.core.formatting import format_number

register = template.Library()


@register.filter
def dash_cell(value):
    """A table cell: labels as they are, numbers written the Vietnamese way (183.676; 10,0341)."""
    if value is None:
        return "—"  # no data, which is not 0
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, float) and not value.is_integer():
        return format_number(value, decimals=4)
    return format_number(value)


@register.filter
def chart_link(links, index):
    try:
        return links[index]
    except (IndexError, TypeError):
        return ""
