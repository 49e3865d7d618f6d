"""All-or-nothing tabular imports (CSV or XLSX) with row- and column-precise Vietnamese errors.

An importer reads every row with a `RowReader`, collects *all* problems, and applies the rows
inside one transaction only when there are none. Line numbers are those a user sees in the
file: the header is line 1, the first data row line 2.
"""

from __future__ import annotations

import contextvars
import csv
import datetime
import functools
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.parsing import parse_date, parse_decimal  # noqa: F401 (one parser, re-exported)

from .formatting import format_number
from .text import fold


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Dòng %(line)s, cột “%(column)s”: %(message)s") % {
                "line": self.line, "column": self.column, "message": self.message}
        return _("Dòng %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportFailed(Exception):
    """Raised with every problem found; nothing was changed."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class ImportHooks:
    """What a running background job (danvan.jobs) wants to hear from an importer; the default hears nothing.

    `rows_checked` is called as validation advances (the job throttles its progress writes), `checked` when
    every row has been checked, and `lock`/`finish` inside the one transaction that applies the rows: `lock`
    first (the job may refuse, e.g. when it was handed to another worker), `finish` with the result last — so
    the rows and the job's "done" are committed together or not at all.
    """

    def rows_checked(self, done: int, total: int | None) -> None:
        pass

    def checked(self, total: int) -> None:
        pass

    def lock(self) -> None:
        pass

    def finish(self, result: ImportResult) -> None:
        pass


_hooks: contextvars.ContextVar[ImportHooks | None] = contextvars.ContextVar("danvan_import_hooks", default=None)


def current_hooks() -> ImportHooks:
    return _hooks.get() or ImportHooks()


def using_hooks(hooks: ImportHooks | None) -> contextvars.Token:
    """Install hooks for the imports run by this thread, until `reset_hooks` with the returned token."""
    return _hooks.set(hooks)


def reset_hooks(token: contextvars.Token) -> None:
    _hooks.reset(token)


def tracked(rows: Iterable, total: int | None = None) -> Iterator:
    """Iterate the rows of an importer's validation loop, telling a running job how far it got."""
    hooks = _hooks.get()
    if hooks is None:
        yield from rows
        return
    if total is None:
        try:
            total = len(rows)  # type: ignore[arg-type]
        except TypeError:
            total = None
    done = 0
    hooks.rows_checked(0, total)
    for item in rows:
        yield item
        done += 1
        hooks.rows_checked(done, total)
    hooks.checked(done)


def apply(write: Callable[[], ImportResult]) -> ImportResult:
    """Run an importer's writes in one transaction (all rows or none), with a running job's lock and finish."""
    hooks = current_hooks()
    with transaction.atomic():
        hooks.lock()
        result = write()
        hooks.finish(result)
    return result


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(str(value))


FORMULA_ESCAPE_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def clean_cell(text: str) -> str:
    """Trimmed, NFC text; the apostrophe our exports put before formula-like text is taken off again."""
    text = unicodedata.normalize("NFC", text.strip())
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_ESCAPE_TRIGGERS):
        text = text[1:]
    return text


def _limit_error(message: str) -> ImportFailed:
    return ImportFailed([RowError(1, "", message)])


def _check_spreadsheet(data: bytes) -> None:
    """Refuse, before parsing, an XLSX that is no zip or that would inflate past the limits (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _limit_error(_("tệp có đuôi bảng tính nhưng không phải tệp XLSX hợp lệ (tệp nén bị hỏng).")) from None
    unpacked = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise _limit_error(_("tệp XLSX khi giải nén lớn %(size)s byte, vượt giới hạn %(limit)s byte.") % {
            "size": format_number(unpacked), "limit": format_number(settings.IMPORT_MAX_UNPACKED_BYTES)})
    if unpacked / packed > settings.IMPORT_MAX_UNPACK_RATIO:
        raise _limit_error(_("tệp XLSX nén bất thường (tỷ lệ giải nén %(ratio)s lần, giới hạn %(limit)s lần).") % {
            "ratio": format_number(unpacked // packed), "limit": format_number(settings.IMPORT_MAX_UNPACK_RATIO)})


def _too_many_rows(limit: int) -> ImportFailed:
    return _limit_error(_("tệp có quá %(limit)s dòng dữ liệu (giới hạn một lần nhập); hãy chia thành nhiều tệp.")
                        % {"limit": format_number(limit)})


def _bounded(rows: Iterable[list[str]], max_rows: int) -> list[list[str]]:
    kept = []
    for row in rows:
        if len(kept) > max_rows:  # the header plus max_rows data rows are allowed
            raise _too_many_rows(max_rows)
        kept.append(row)
    return kept


def read_table(data: bytes | str, *, required: Iterable[str], optional: Iterable[str] = (),
               max_rows: int | None = None) -> list[tuple[int, dict]]:
    """Parse CSV (UTF-8, with or without BOM; "," or ";") or XLSX bytes into (line, row) pairs.

    Raises ImportFailed when the header lacks a required column or names an unknown one, when the file passes
    the limits (`max_rows` data rows, default settings.IMPORT_MAX_ROWS; IMPORT_MAX_COLUMNS columns; XLSX
    unpacked size and ratio) or when a cell holds a NUL byte. Cell text comes back NFC-normalised.
    """
    required = list(required)
    allowed = set(required) | set(optional)
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        _check_spreadsheet(data)
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many different errors on a broken workbook
            raise _limit_error(_("không đọc được tệp XLSX (tệp hỏng hoặc không phải bảng tính Excel).")) from None
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > max_rows + 1:
            workbook.close()
            raise _too_many_rows(max_rows)
        raw_rows = _bounded(([_cell_text(c) for c in row] for row in sheet.iter_rows(values_only=True)), max_rows)
        workbook.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed([RowError(1, "", _("tệp không phải CSV mã UTF-8 hoặc XLSX."))]) from None
        dialect_delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        raw_rows = _bounded(([clean_cell(c) for c in row]
                             for row in csv.reader(io.StringIO(text), delimiter=dialect_delimiter)), max_rows)
    if not raw_rows:
        raise ImportFailed([RowError(1, "", _("tệp trống."))])
    header = [h.strip() for h in raw_rows[0]]
    if len(header) > settings.IMPORT_MAX_COLUMNS:
        raise _limit_error(_("tệp có %(n)s cột, vượt giới hạn %(limit)s cột.") % {
            "n": format_number(len(header)), "limit": format_number(settings.IMPORT_MAX_COLUMNS)})
    errors = []
    missing = [c for c in required if c not in header]
    for column in missing:
        errors.append(RowError(1, column, _("thiếu cột bắt buộc.")))
    for column in header:
        if column and column not in allowed:
            errors.append(RowError(1, column, _("cột không được hỗ trợ.")))
    if errors:
        raise ImportFailed(errors)
    rows = []
    for index, raw in enumerate(raw_rows[1:], start=2):
        if not any(cell for cell in raw):
            continue
        row = {header[i]: (raw[i] if i < len(raw) else "") for i in range(len(header)) if header[i]}
        errors.extend(RowError(index, column, _("chứa ký tự không hợp lệ (NUL).")) for column, value in row.items()
                      if "\x00" in value)
        rows.append((index, row))
    if errors:
        raise ImportFailed(errors)
    return rows


class RowReader:
    """Typed access to one row's cells; every problem is appended to `errors`, never raised."""

    def __init__(self, line: int, row: dict, errors: list[RowError]):
        self.line = line
        self.row = row
        self.errors = errors
        self.ok = True

    def error(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.line, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = (self.row.get(column) or "").strip()
        if required and not value:
            self.error(column, _("không được để trống."))
        elif max_length and len(value) > max_length:
            self.error(column, _("dài quá %(n)s ký tự.") % {"n": max_length})
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(column, _("ngày “%(v)s” không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).") % {"v": value})
        return parsed

    def integer(self, column: str, *, required: bool = False, minimum: int | None = None) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        number = parse_decimal(value)
        if number is None or number != number.to_integral_value():
            self.error(column, _("“%(v)s” không phải số nguyên.") % {"v": value})
            return None
        if minimum is not None and number < minimum:
            self.error(column, _("giá trị %(v)s nhỏ hơn mức tối thiểu %(m)s.") % {"v": value, "m": minimum})
            return None
        return int(number)

    def decimal(self, column: str, *, required: bool = False, minimum: Decimal | None = None,
                places: int | None = None) -> Decimal | None:
        value = self.text(column, required=required)
        if not value:
            return None
        number = parse_decimal(value)
        if number is None:
            self.error(column, _("“%(v)s” không phải số.") % {"v": value})
            return None
        if minimum is not None and number < minimum:
            self.error(column, _("giá trị %(v)s nhỏ hơn mức tối thiểu %(m)s.") % {"v": value, "m": minimum})
            return None
        if places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
            self.error(column, _("“%(v)s” có quá %(p)s chữ số thập phân.") % {"v": value, "p": places})
            return None
        return number

    def choice(self, column: str, choices, *, required: bool = False) -> str | None:
        """Accept a choice by its code or its label, ignoring case and diacritics."""
        value = self.text(column, required=required)
        if not value:
            return None
        found = _choice_lookup(tuple((code, str(label)) for code, label in choices)).get(fold(value))
        if found is None:
            allowed = ", ".join(str(code) for code, _label in choices)
            self.error(column, _("“%(v)s” không thuộc danh mục (%(allowed)s).") % {"v": value, "allowed": allowed})
        return found

    def lookup(self, column: str, resolver: Callable[[str], Any], *, required: bool = False,
               not_found: str | None = None) -> Any:
        value = self.text(column, required=required)
        if not value:
            return None
        found = resolver(value)
        if found is None:
            self.error(column, not_found or _("không tìm thấy “%(v)s”.") % {"v": value})
        return found


@functools.lru_cache(maxsize=256)
def _choice_lookup(choices: tuple) -> dict[str, Any]:
    lookup = {}
    for code, label in choices:
        lookup[fold(str(code))] = code
        lookup[fold(label)] = code
    return lookup
