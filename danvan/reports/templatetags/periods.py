"""Periods in words wherever a person reads them: {{ "2026Q3"|period_label }} -> "quý III năm 2026"."""

from django import template

from danvan.reports.periods import ACCEPTED_FORMS
from danvan.reports.periods import period_label as _label

register = template.Library()


@register.filter
def period_label(value) -> str:
    return _label(value)


@register.simple_tag
def period_forms() -> tuple[str, ...]:
    return ACCEPTED_FORMS
