"""Small inline SVG bar charts (no JavaScript, no external library), readable on screen and in print."""

from __future__ import annotations

from django.utils.html import escape

from danvan.core.formatting import format_number


def bar_chart_svg(title: str, items: list[tuple[str, float]], *, width: int = 640, bar_height: int = 18) -> str:
    """Horizontal bars, one per item, with the label on the left and the value at the bar's end."""
    if not items:
        return ""
    label_width, value_width, gap, top = 200, 80, 6, 28
    plot_width = width - label_width - value_width
    biggest = max(value for _label, value in items) or 1
    height = top + len(items) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title>',
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        length = max(1, round(plot_width * value / biggest))
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + bar_height - 4}" font-size="12" '
                     f'text-anchor="end">{escape(short)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="#b22222"/>')
        parts.append(f'<text x="{label_width + length + 4}" y="{y + bar_height - 4}" font-size="12">'
                     f'{escape(format_number(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)
