"""Hostile files and cells: refused with a Vietnamese message naming the limit, never parsed into memory,
never a server error; text is stored NFC; exports never hand a spreadsheet a live formula."""

import io
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from danvan.core.exports import csv_response, write_xlsx
from danvan.core.imports import ImportFailed, read_table


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _messages(failure) -> str:
    return " | ".join(str(e) for e in failure.value.errors)


def test_a_file_that_starts_like_a_zip_but_is_none_is_refused_with_a_message():
    with pytest.raises(ImportFailed) as failure:
        read_table(b"PK\x03\x04 this is not a zip at all", required=["key"])
    assert "không phải tệp XLSX hợp lệ" in _messages(failure)


def test_a_zip_bomb_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 30_000_000)  # 30 MB of blanks packs to ~30 KB
    with pytest.raises(ImportFailed) as failure:
        read_table(buffer.getvalue(), required=["key"])
    assert "tỷ lệ giải nén" in _messages(failure)


def test_rows_beyond_the_limit_are_refused_in_csv_and_xlsx(settings):
    settings.IMPORT_MAX_ROWS = 3
    assert len(read_table(b"key\nA\nB\nC\n", required=["key"])) == 3
    with pytest.raises(ImportFailed) as failure:
        read_table(b"key\nA\nB\nC\nD\n", required=["key"])
    assert "quá 3 dòng" in _messages(failure)
    with pytest.raises(ImportFailed):
        read_table(_xlsx([["key"], ["A"], ["B"], ["C"], ["D"]]), required=["key"])


def test_too_many_columns_are_refused(settings):
    settings.IMPORT_MAX_COLUMNS = 5
    with pytest.raises(ImportFailed) as failure:
        read_table(",".join(f"c{i}" for i in range(6)).encode() + b"\n", required=["c0"])
    assert "vượt giới hạn 5 cột" in _messages(failure)


def test_a_nul_byte_in_a_cell_is_reported_by_line_and_column():
    with pytest.raises(ImportFailed) as failure:
        read_table(b"key,name\nA,ok\nB,bad\x00name\n", required=["key", "name"])
    assert len(failure.value.errors) == 1
    error = failure.value.errors[0]
    assert (error.line, error.column) == (3, "name")


def test_decomposed_vietnamese_is_read_back_composed():
    decomposed = unicodedata.normalize("NFD", "Phường Ninh Kiều")
    assert decomposed != "Phường Ninh Kiều"
    rows = read_table(f"key,name\nA,{decomposed}\n".encode(), required=["key", "name"])
    assert rows[0][1]["name"] == "Phường Ninh Kiều"
    rows = read_table(_xlsx([["key", "name"], ["A", decomposed]]), required=["key", "name"])
    assert rows[0][1]["name"] == "Phường Ninh Kiều"


HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example","bấm")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]


def test_csv_exports_neutralise_formulas_and_read_back_unchanged():
    response = csv_response("x.csv", ["key", "name"], [[str(i), text] for i, text in enumerate(HOSTILE)])
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    for line in body.splitlines()[1:]:
        cell = line.split(",", 1)[1].strip('"')
        assert cell.startswith("'"), line
    rows = read_table(body.encode(), required=["key", "name"])
    assert [row["name"] for _line, row in rows] == HOSTILE


def test_xlsx_exports_never_hold_a_formula_from_user_text():
    buffer = io.BytesIO()
    write_xlsx(buffer, [("Sheet", ["key", "name"], [[i, text] for i, text in enumerate(HOSTILE)])])
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == HOSTILE
    assert {cell.data_type for cell in cells} == {"s"}
