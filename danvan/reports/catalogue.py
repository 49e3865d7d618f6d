"""Record apps declare the indicators their facts feed; the reporting engine builds its catalogue from here.

    register_indicator(IndicatorSpec(
        code="dvk.registered", name="Mô hình “Dân vận khéo” được đăng ký", unit_of_measure="mô hình",
        categories={"kinh_te": "Kinh tế", ...}, source="registry"))

Call it from the app's AppConfig.ready(). Codes are stable contracts (README lists them).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    unit_of_measure: str
    source: str  # the app that produces the facts
    categories: dict[str, str] = field(default_factory=dict)
    description: str = ""
    is_money: bool = False
    order: int = 100


_SPECS: dict[str, IndicatorSpec] = {}


def register_indicator(spec: IndicatorSpec) -> None:
    _SPECS[spec.code] = spec


def registered_indicators() -> dict[str, IndicatorSpec]:
    return dict(_SPECS)
