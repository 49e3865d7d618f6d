"""Unit-tree queries at national size: `python bench/bench_units.py` (uses DATABASE_URL, default SQLite).

Loads the units if the database has none, then prints the median time of each query the rest of
the system relies on.
"""

from _common import engine_name, median_ms, setup_django

setup_django()

import datetime  # noqa: E402

from django.core.management import call_command  # noqa: E402

from danvan.orgunits import selectors  # noqa: E402
from danvan.orgunits.models import OrgUnit  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(key="VN-01-00004").exists():
        call_command("load_units", verbosity=0)
    vn, can_tho, hau_giang = (OrgUnit.objects.get(key=k) for k in ("VN", "VN-92", "VN-93"))
    commune = OrgUnit.objects.filter(parent=can_tho, valid_to__isnull=True).first()
    day = datetime.date(2026, 1, 1)
    cases = {
        "load_units (idempotent re-run)": lambda: call_command("load_units", verbosity=0),
        "subtree(VN) on 2026-01-01, count": lambda: selectors.subtree(vn, on=day).count(),
        "subtree(VN-93) all time, list": lambda: list(selectors.subtree(hau_giang)),
        "children_on(VN-92, 2026-01-01), list": lambda: list(selectors.children_on(can_tho, day)),
        "ancestors(commune)": lambda: selectors.ancestors(commune),
        "units_now_inside(VN-92), list": lambda: list(selectors.units_now_inside(can_tho)),
        "search('hau giang')": lambda: list(selectors.search("hau giang")[:50]),
        "search('phuong ninh kieu') on date": lambda: list(selectors.search("phuong ninh kieu", on=day)[:50]),
    }
    print(f"engine: {engine_name()}")
    for name, fn in cases.items():
        repeat = 3 if name.startswith("load_units") else 15
        print(f"{name:<45} {median_ms(fn, repeat=repeat):9.2f} ms", flush=True)


if __name__ == "__main__":
    main()
