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


# --- images for the DOCX (matplotlib) -----------------------------------------------------------------

PNG_DPI = 200
_PNG_CACHE: dict[tuple, bytes] = {}


def _grouped(value: float, _position=None) -> str:
    return format_number(value)


def bar_chart_png(title: str, items: list[tuple[str, float]], *, width_cm: float = 16.0) -> bytes:
    """A horizontal bar chart as PNG (200 dpi): Vietnamese labels, "." thousands grouping, values at the bars.

    Both Word and LibreOffice render PNG in a DOCX; an SVG would need a PNG fallback anyway. The same chart
    is drawn once per process (a national report asks for the same image on every download)."""
    key = (title, tuple(items), width_cm)
    if key in _PNG_CACHE:
        return _PNG_CACHE[key]
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter

    labels = [label if len(label) <= 34 else label[:33] + "…" for label, _v in items][::-1]
    values = [v for _l, v in items][::-1]
    height_in = 0.5 + 0.24 * len(items)
    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8})
    figure, axes = plt.subplots(figsize=(width_cm / 2.54, height_in))
    bars = axes.barh(range(len(values)), values, color="#b22222", height=0.7)
    axes.set_yticks(range(len(values)), labels)
    axes.xaxis.set_major_formatter(FuncFormatter(_grouped))
    # No title inside the image: the document prints "Biểu đồ N. …" above it, in the body's font.
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    biggest = max(values) if values else 1
    for bar, value in zip(bars, values, strict=True):
        axes.text(bar.get_width() + biggest * 0.01, bar.get_y() + bar.get_height() / 2, format_number(value),
                  va="center", fontsize=7)
    axes.set_xlim(0, biggest * 1.15 or 1)
    # Fixed margins instead of tight_layout (which draws the figure once more): the label column takes
    # about 0.19 cm per character of the longest label (8 pt).
    longest = max((len(label) for label in labels), default=10)
    left = min(0.5, (0.3 + 0.19 * longest) / width_cm)
    figure.subplots_adjust(left=left, right=0.97, top=1 - 0.15 / height_in, bottom=0.35 / height_in)
    buffer = io.BytesIO()
    # Low zlib effort: a chart is a few flat colours, so the file stays small and saving is much faster.
    figure.savefig(buffer, format="png", dpi=PNG_DPI, pil_kwargs={"compress_level": 1})
    plt.close(figure)
    data = buffer.getvalue()
    if len(_PNG_CACHE) > 64:
        _PNG_CACHE.clear()
    _PNG_CACHE[key] = data
    return data
