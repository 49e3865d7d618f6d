"""The only place this app talks to the reporting engine (danvan.reports), by its fixed contract."""

from __future__ import annotations

from decimal import Decimal

from .narrative import INDICATOR_LABELS


def jsonable_number(value):
    """Decimal -> int when integral, else float (figures are counts, people or whole đồng)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _clean(value):
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return jsonable_number(value)


def annual_figures(*, unit, year: int, boundaries: str) -> dict:
    """The engine's `annual_figures`, made JSON-ready."""
    from danvan.reports.selectors import annual_figures as engine_annual_figures

    return _clean(engine_annual_figures(unit=unit, year=year, boundaries=boundaries))


def indicator_labels(codes) -> dict[str, dict]:
    """{code: {"name": …, "unit": …}} from the engine's catalogue, falling back to the built-in names."""
    labels: dict[str, dict] = {}
    try:
        from danvan.reports.models import Indicator

        for code, name, uom in Indicator.objects.filter(code__in=list(codes)).values_list(
                "code", "name", "unit_of_measure"):
            labels[code] = {"name": name, "unit": uom}
    except ImportError:  # engine not installed (pure rendering)
        pass
    for code in codes:
        if code not in labels:
            name, uom = INDICATOR_LABELS.get(code, (code, ""))
            labels[code] = {"name": name, "unit": uom}
    return labels
