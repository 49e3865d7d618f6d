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


@register.simple_tag
def coverage_sentence(coverage, boundaries) -> str:
    """"Theo địa giới hành chính hiện nay; số liệu của 61/63 đơn vị trực thuộc."."""
    from danvan.reports.coverage import coverage_sentence as sentence

    return sentence(coverage or {}, boundaries or "historical")
