"""Issue 10: no surface counts beside the engine. The record apps keep raw-table counting functions as
references for their own tests (they count records straight from the tables); no page, export, API, panel,
dashboard or report may call them — those read `reports.selectors` or the apps' engine-backed selectors."""

import re
from pathlib import Path

import danvan

RAW_COUNTING = ["cumulative", "counts_by_child", "counts_summary", "count_commended", "count_by", "count_by_child",
                "count_activities", "dialogue_counts", "dissemination_counts", "project_counts", "counted"]
ROOT = Path(danvan.__file__).parent


def _surface_files():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if "tests" in parts or "migrations" in parts:
            continue
        if path.name in ("selectors.py", "rules.py") or path.parent.name in ("management",):
            continue  # where the counting functions live (and their own internal use)
        yield path


def test_no_surface_calls_a_raw_counting_function():
    names = "|".join(RAW_COUNTING)
    pattern = re.compile(r"\b(?:selectors|registry_selectors|activity_selectors)\.(" + names + r")\(")
    found = []
    for path in _surface_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
