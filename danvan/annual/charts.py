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
_PNG_CACHE: dict[str, bytes] = {}
CACHE_SECONDS = 7 * 24 * 3600


def _cache_key(title: str, items: list[tuple[str, float]], width_cm: float) -> str:
    import hashlib
    import json

    digest = hashlib.sha256(json.dumps([title, items, width_cm, PNG_DPI], ensure_ascii=False).encode()).hexdigest()
    return f"annual:chart:{digest}"


def bar_chart_png(title: str, items: list[tuple[str, float]], *, width_cm: float = 16.0) -> bytes:
    """A horizontal bar chart as PNG (200 dpi): Vietnamese labels, "." thousands grouping, values at the bars.

    Both Word and LibreOffice render PNG in a DOCX; an SVG would need a PNG fallback anyway. Drawing is the
    slow part of a national DOCX, so an image is kept by its content (title, labels, values) in this process
    and in the shared cache: the same figures are never drawn twice, and changed figures give a new key."""
    key = _cache_key(title, items, width_cm)
    if key not in _PNG_CACHE:
        prepare([(title, items)], width_cm=width_cm)
    return _PNG_CACHE[key]


def prepare(specs: list[tuple[str, list[tuple[str, float]]]], *, width_cm: float = 16.0) -> None:
    """Have every chart of a document at hand: from this process, the shared cache, or drawn.

    The missing ones are drawn together in one short-lived child process (`_draw_apart`): matplotlib and numpy
    would add about 60 MB to a web worker for the rest of its life, for a few charts a day (the Huey job
    `warm_report_charts` normally draws them ahead)."""
    from django.core.cache import cache
    from django.db import DatabaseError

    wanted = {_cache_key(title, items, width_cm): items for title, items in specs}
    missing = [key for key in wanted if key not in _PNG_CACHE]
    if not missing:
        return
    try:
        found = cache.get_many(missing)
    except DatabaseError:  # no cache table yet (`createcachetable` not run): draw, never fail the download
        found, cache = {}, None
    to_draw = [key for key in missing if found.get(key) is None]
    drawn = dict(zip(to_draw, _draw_apart([wanted[key] for key in to_draw], width_cm), strict=True))
    if drawn and cache is not None:
        cache.set_many(drawn, CACHE_SECONDS)
    if len(_PNG_CACHE) > 64:
        _PNG_CACHE.clear()
    _PNG_CACHE.update({key: found.get(key) or drawn[key] for key in missing})


def _draw_apart(charts: list[list[tuple[str, float]]], width_cm: float) -> list[bytes]:
    """Draw the charts in a short-lived child (`core.forked.run_apart`): matplotlib stays out of this process."""
    from danvan.core.forked import run_apart

    if not charts:
        return []
    return run_apart(lambda: [_draw(items, width_cm) for items in charts])


def _draw(items: list[tuple[str, float]], width_cm: float) -> bytes:
    """One chart, drawn as cheaply as matplotlib allows (profiled: text is nearly all the cost).

    - the object API (no pyplot): no global figure registry, safe in a web process; the Agg canvas only;
    - no axis machinery: the labels and values are plain text artists placed once (a Tick carries two
      labels, two marks and a grid line and is measured twice); the x axis is left out, since every bar
      carries its value and the table below gives them all;
    - fixed margins instead of tight_layout (which draws the figure once more);
    - no font hinting: at 200 dpi it changes nothing a reader sees and saves about a quarter of the time;
    - PNG with low zlib effort: a chart is a few flat colours, so the file stays small."""
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # This app is the only matplotlib user of the process, so its one setting can be global (read at draw time).
    matplotlib.rcParams["text.hinting"] = "no_hinting"

    labels = [label if len(label) <= 34 else label[:33] + "…" for label, _v in items][::-1]
    values = [v for _l, v in items][::-1]
    height_in = 0.5 + 0.24 * len(items)
    figure = Figure(figsize=(width_cm / 2.54, height_in))
    FigureCanvasAgg(figure)
    # The label column takes about 0.19 cm per character of the longest label (8 pt).
    longest = max((len(label) for label in labels), default=10)
    left = min(0.5, (0.3 + 0.19 * longest) / width_cm)
    bottom, top = 0.15 / height_in, 0.15 / height_in
    axes = figure.add_axes((left, bottom, 0.97 - left, 1 - bottom - top))
    axes.barh(range(len(values)), values, color="#b22222", height=0.7)
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in ("top", "right", "bottom"):
        axes.spines[spine].set_visible(False)
    biggest = max(values) if values else 1
    axes.set_xlim(0, biggest * 1.15 or 1)
    axes.set_ylim(-0.6, len(values) - 0.4)
    # No title inside the image: the document prints "Biểu đồ N. …" above it, in the body's font.
    labels_at = axes.get_yaxis_transform()  # x in axes fraction, y in bar positions
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        axes.text(-0.01, index, label, transform=labels_at, ha="right", va="center", fontsize=8,
                  fontfamily="DejaVu Sans")
        axes.text(value + biggest * 0.01, index, format_number(value), va="center", fontsize=7,
                  fontfamily="DejaVu Sans")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
