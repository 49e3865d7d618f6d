"""Unit centres for the map, from the `vietnamadminunits` package (no boundary file exists for the
post-2025 units, so the map draws proportional circles on centres; see docs/dashboards.md).

Keys follow `orgunits.loaders`: provinces VN-<code>, 2025 communes VN-<p>-<ward>, legacy districts
VN-<p>-<d> and legacy communes VN-<p>-<d>-<ward>. A province code that survived the reform is one unit
in both eras, so the centre depends on the era: the 63 old provinces' centres for years before the
reform, the 34 new provinces' afterwards.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

ARCHIPELAGO_WARDS = ("Đặc khu Hoàng Sa", "Đặc khu Trường Sa")


def _dataset() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict, list]:
    connection = sqlite3.connect(f"file:{_dataset()}?mode=ro", uri=True)
    try:
        current: dict[str, tuple[float, float]] = {}
        archipelagos = []
        for pcode, plat, plon, wname, wcode, wlat, wlon in connection.execute(
                "SELECT provinceCode, provinceLat, provinceLon, ward, wardCode, wardLat, wardLon FROM admin_units"):
            current.setdefault(f"VN-{pcode}", (plat, plon))
            current[f"VN-{pcode}-{wcode}"] = (wlat, wlon)
            if wname in ARCHIPELAGO_WARDS:
                archipelagos.append({"key": f"VN-{pcode}-{wcode}", "name": wname, "lat": wlat, "lon": wlon})
        legacy: dict[str, tuple[float, float]] = {}
        for row in connection.execute(
                "SELECT provinceCode, provinceLat, provinceLon, districtCode, districtLat, districtLon, wardCode, "
                "wardLat, wardLon FROM admin_units_legacy"):
            pcode, plat, plon, dcode, dlat, dlon, wcode, wlat, wlon = row
            legacy.setdefault(f"VN-{pcode}", (plat, plon))
            legacy.setdefault(f"VN-{pcode}-{dcode}", (dlat, dlon))
            if wlat is not None:
                legacy[f"VN-{pcode}-{dcode}-{wcode or '00000'}"] = (wlat, wlon)
            elif dlat is not None:  # island districts without communes: the district's centre
                legacy[f"VN-{pcode}-{dcode}-00000"] = (dlat, dlon)
    finally:
        connection.close()
    return current, legacy, sorted(archipelagos, key=lambda a: -a["lat"])


def centre(key: str, *, legacy: bool) -> tuple[float, float] | None:
    """(lat, lon) of a unit, from the era's table first, then the other era's."""
    current, old = _tables()[:2]
    first, second = (old, current) if legacy else (current, old)
    return first.get(key) or second.get(key)


def archipelagos() -> list[dict]:
    """Hoàng Sa and Trường Sa: drawn on every national map, whatever the figures."""
    return list(_tables()[2])


def tile_grid(points: list[tuple[str, float, float]], columns: int = 7) -> dict[str, tuple[int, int]]:
    """{key: (row, column)}: one tile per unit, near its geographic position, no two on the same tile.

    Units are placed north to south; each goes to the free tile nearest its ideal cell (latitude → row,
    longitude → column), so the grid keeps the country's shape without any boundary file.
    """
    if not points:
        return {}
    lats = [lat for _k, lat, _lon in points]
    lons = [lon for _k, _lat, lon in points]
    rows = max(1, (len(points) + columns - 1) // columns * 2)
    lat_span = (max(lats) - min(lats)) or 1.0
    lon_span = (max(lons) - min(lons)) or 1.0
    taken: dict[tuple[int, int], str] = {}
    placed: dict[str, tuple[int, int]] = {}
    for key, lat, lon in sorted(points, key=lambda p: (-p[1], p[2])):
        ideal = ((max(lats) - lat) / lat_span * (rows - 1), (lon - min(lons)) / lon_span * (columns - 1))
        best = min(((r, c) for r in range(rows + len(points)) for c in range(columns) if (r, c) not in taken),
                   key=lambda cell: ((cell[0] - ideal[0]) ** 2 + (cell[1] - ideal[1]) ** 2, cell))
        taken[best] = key
        placed[key] = best
    first_row = min(r for r, _c in placed.values())  # no empty rows on top
    return {key: (r - first_row, c) for key, (r, c) in placed.items()}
