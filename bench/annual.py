"""Benchmark of the annual report's documents on the national data set of bench/report.py (issue 12).

    DATABASE_URL=sqlite:////path/bench.sqlite3 python bench/annual.py [--scale 0.1] [--runs 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_reports python bench/annual.py

Reuses (or builds) the data set of bench/report.py, then measures in one run the medians of:
- the payload of the national report (engine figures + narrative + document fields);
- drawing the report's charts alone (matplotlib, 200 dpi);
- the DOCX and the charts also in this process's CPU time (the machine is shared: wall times there grow with
  the load, CPU time is what the work costs and about what an idle machine takes);
- the national DOCX from that payload: charts drawn afresh every run (the goal, under 1 s); charts from the
  shared cache (a new process, figures unchanged, or drawn ahead by the Huey job); charts in this process's memory;
- the Huey job that draws the national report's charts ahead after figures change (annual.warm);
- the same DOCX with its tables written cell by cell through python-docx (the former way), for the ratio;
- the national XLSX and the print HTML.
The document's size depends on the number of child units (63 provinces and the central bodies in 2024),
not on the number of facts, so a reduced --scale measures the same rendering work.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up (imports, template loading)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def median_cpu_ms(fn, runs: int) -> float:
    """The same, in this process's CPU time: what the work costs, whatever else the shared machine runs
    (on an idle machine the wall time is about this)."""
    fn()
    times = []
    for _ in range(runs):
        started = time.process_time()
        fn()
        times.append((time.process_time() - started) * 1000)
    return round(statistics.median(times), 1)


def per_cell_docx(payload: dict) -> bytes:
    """The former renderer's tables: python-docx's cell API, one cell at a time (baseline for the ratio)."""
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    from danvan.annual import render_docx, tables

    document = Document()
    render_docx._page(document)
    for table in (tables.figure_table(payload), tables.level_table(payload), tables.child_table(payload)):
        grid = document.add_table(rows=1, cols=len(table.header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
            cell.paragraphs[0].add_run(str(text)).bold = True
        for row in [*table.rows, *table.tail, *([table.total] if table.total else [])]:
            cells = grid.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                paragraph = cell.paragraphs[0]
                if table.numeric[index]:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    paragraph.add_run(tables.cell_text(value))
                else:
                    paragraph.add_run("" if value is None else str(value))
        for row in grid.rows:
            for cell, width in zip(row.cells, table.widths, strict=False):
                cell.width = Cm(width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xml_tables_docx(payload: dict) -> bytes:
    """The same three tables through render_docx.table_xml (what the report uses)."""
    import io

    from docx import Document

    from danvan.annual import render_docx, tables

    document = Document()
    render_docx._page(document)
    for table in (tables.figure_table(payload), tables.level_table(payload), tables.child_table(payload)):
        render_docx._add_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    import django

    django.setup()
    import io

    import report as dataset  # bench/report.py
    from django.db import connection

    from danvan.annual import charts, selectors
    from danvan.annual.render_docx import chart_specs, render_docx
    from danvan.annual.render_html import render_html
    from danvan.annual.render_xlsx import write_workbook
    from danvan.orgunits.models import OrgUnit

    info = dataset.ensure_dataset(args.scale, False)
    load_before = os.getloadavg()
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    nation = OrgUnit.objects.get(key="VN")
    payload = selectors.build_payload(unit=nation, year=args.year)

    def docx_fresh_charts():
        from django.core.cache import cache

        charts._PNG_CACHE.clear()
        for title, _uom, items in chart_specs(payload):
            cache.delete(charts._cache_key(title, items, 16.0))
        return render_docx(payload)

    def docx_shared_cache():
        charts._PNG_CACHE.clear()  # a new process: images come from the shared cache
        return render_docx(payload)

    def xlsx():
        write_workbook(payload, io.BytesIO())

    specs = chart_specs(payload)

    def charts_only():
        for _title, _uom, items in specs:
            charts._draw(items, 16.0)

    def warm_job():
        """What the Huey job does after a change of figures (nation, this year and last): payloads + charts."""
        from django.core.cache import cache

        from danvan.annual import warm

        charts._PNG_CACHE.clear()
        for title, _uom, items in specs:
            cache.delete(charts._cache_key(title, items, 16.0))
        warm.warm([args.year])

    results = {
        "vendor": connection.vendor, "scale": args.scale, "year": args.year, "runs": args.runs,
        "children": len(payload["by_child"]), "dataset": info,
        "payload_ms": median_ms(lambda: selectors.build_payload(unit=nation, year=args.year), args.runs),
        "charts": len(specs),
        "charts_draw_ms": median_ms(charts_only, args.runs),
        "docx_ms": median_ms(docx_fresh_charts, args.runs),
        "charts_draw_cpu_ms": median_cpu_ms(charts_only, args.runs),
        "docx_cpu_ms": median_cpu_ms(docx_fresh_charts, args.runs),
        "docx_charts_from_shared_cache_cpu_ms": median_cpu_ms(docx_shared_cache, args.runs),
        "docx_charts_from_shared_cache_ms": median_ms(docx_shared_cache, args.runs),
        "docx_cached_charts_ms": median_ms(lambda: render_docx(payload), args.runs),
        "tables_xml_ms": median_ms(lambda: xml_tables_docx(payload), args.runs),
        "tables_per_cell_ms": median_ms(lambda: per_cell_docx(payload), args.runs),
        "xlsx_ms": median_ms(xlsx, args.runs),
        "html_ms": median_ms(lambda: render_html(payload), args.runs),
        "warm_job_ms": median_ms(warm_job, max(1, args.runs // 2)),
        "load_average_before": load_before,
        "load_average": os.getloadavg(),
        "finished_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
    }
    results["tables_ratio_per_cell_over_xml"] = round(results["tables_per_cell_ms"] / results["tables_xml_ms"], 1)
    results["docx_under_1s_charts_cached"] = results["docx_charts_from_shared_cache_ms"] < 1000
    results["docx_under_1s_charts_drawn"] = results["docx_ms"] < 1000
    results["docx_cpu_under_1s_charts_drawn"] = results["docx_cpu_ms"] < 1000
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
