"""How pages and reports state the boundaries and the coverage of the figures they show.

Coverage of a figure (`selectors.figure_set`, `annual_figures()["coverage"]`): of the units directly
below that existed in the period, how many have data — "số liệu của 61/63 đơn vị trực thuộc".
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def boundaries_phrase(boundaries: str) -> str:
    if boundaries == "current":
        return _("Theo địa giới hành chính hiện nay")
    return _("Theo địa giới hành chính của kỳ báo cáo")


def coverage_phrase(coverage: dict) -> str:
    """"số liệu của 61/63 đơn vị trực thuộc" (a range when indicators differ); "" when nothing is known."""
    if not coverage:
        return ""
    expected = max(item["expected"] for item in coverage.values())
    reporting = sorted({item["reporting"] for item in coverage.values()})
    if expected == 1 and all(item["expected"] == 1 for item in coverage.values()):
        if reporting == [0]:
            return _("đơn vị chưa có số liệu nào trong kỳ")
        return ""  # a unit with nothing below: its own figures, nothing to cover
    if len(reporting) == 1:
        return _("số liệu của %(n)s/%(m)s đơn vị trực thuộc") % {"n": reporting[0], "m": expected}
    return _("số liệu của %(low)s–%(high)s/%(m)s đơn vị trực thuộc, tùy chỉ tiêu") % {
        "low": reporting[0], "high": reporting[-1], "m": expected}


def coverage_sentence(coverage: dict, boundaries: str) -> str:
    """"Theo địa giới hành chính hiện nay; số liệu của 61/63 đơn vị trực thuộc."."""
    phrase = coverage_phrase(coverage)
    return f"{boundaries_phrase(boundaries)}; {phrase}." if phrase else f"{boundaries_phrase(boundaries)}."


def figure_coverage(item: dict | None) -> str:
    """"61/63" for one figure's coverage (shown beside it); "" when the unit has nothing below it."""
    if not item or item["expected"] <= 1:
        return ""
    return f"{item['reporting']}/{item['expected']}"
