"""Import of data values (aggregates): columns `unit,period,indicator,value`, optional `category,sector`.

All or nothing: every row is checked first (unknown unit key or indicator, malformed period, a unit
outside the importer's scope, non-numeric or negative value, a period the unit did not exist in,
a locked period, a duplicate row) and every problem is reported with line and column; only a clean
file is applied, in one transaction, with bulk operations (the service in `datavalue_import`, shared with
DHIS2's dataValueSets). Re-importing the same file changes
nothing; a changed value is an audited update (one audit event per changed value, one for the batch).
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from danvan.core.imports import ImportFailed, ImportResult, RowError, apply, read_table

from .datavalue_import import apply_changes, check_rows, plan_changes

REQUIRED = ["unit", "period", "indicator", "value"]
OPTIONAL = ["category", "sector"]


def _csv(data: bytes) -> tuple[csv.reader, list[str]]:
    """A CSV reader past the header line, and the header (checked as `read_table` checks it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([RowError(1, "", _("tệp không phải CSV mã UTF-8 hoặc XLSX."))]) from None
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    header = next(reader, None)
    if header is None:
        raise ImportFailed([RowError(1, "", _("tệp trống."))])
    # Reuse the shared header checks (missing / unsupported columns) on the header line alone.
    read_table(",".join(h.strip() for h in header).encode(), required=REQUIRED, optional=OPTIONAL)
    return reader, [h.strip() for h in header]


def _as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def iter_rows(data: bytes | str):
    """(line, row) pairs, streamed for CSV (memory stays flat at 100.000 rows); XLSX via core.read_table.

    Header problems raise ImportFailed exactly like `read_table`.
    """
    data = _as_bytes(data)
    if data[:4] == b"PK\x03\x04":
        yield from read_table(data, required=REQUIRED, optional=OPTIONAL)
        return
    reader, header = _csv(data)
    width = len(header)
    columns = [(index, name) for index, name in enumerate(header) if name]
    for line, raw in enumerate(reader, start=2):
        if not "".join(raw).strip():
            continue
        if len(raw) >= width:
            yield line, {name: raw[index].strip() for index, name in columns}
        else:
            yield line, {name: (raw[index].strip() if index < len(raw) else "") for index, name in columns}


def unit_keys(data: bytes | str) -> set[str]:
    """The unit keys a file names (validation loads those units first): for CSV one quick pass over one column."""
    data = _as_bytes(data)
    if data[:4] == b"PK\x03\x04":
        return {(row.get("unit") or "").strip() for _line, row in iter_rows(data)}
    reader, header = _csv(data)
    index = header.index("unit")
    return {raw[index].strip() for raw in reader if len(raw) > index}


def import_datavalues(*, actor, data: bytes | str, file_name: str = "") -> ImportResult:
    """Validate the whole file, then apply it; raises ImportFailed listing every bad row."""
    checked = check_rows(actor=actor, rows=lambda: iter_rows(data), unit_keys=lambda: unit_keys(data))
    if checked.errors:
        raise ImportFailed(checked.errors)

    def write() -> ImportResult:
        plan = plan_changes(actor=actor, parsed=checked.parsed)
        batch = apply_changes(actor=actor, plan=plan, units=checked.units, source=file_name)
        result = ImportResult(created=batch.created, updated=batch.updated, unchanged=batch.unchanged)
        result.details.extend(checked.warnings)
        return result
    return apply(write)
