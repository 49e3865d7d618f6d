import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from danvan.core.imports import ImportFailed, RowReader, parse_decimal, read_table


def test_csv_header_problems_name_the_column():
    with pytest.raises(ImportFailed) as failure:
        read_table(b"key,nam\nVN,x\n", required=["key", "name"])
    messages = [str(e) for e in failure.value.errors]
    assert any("“name”" in m and "thiếu cột" in m for m in messages)
    assert any("“nam”" in m and "không được hỗ trợ" in m for m in messages)


def test_xlsx_and_csv_give_the_same_rows_with_file_line_numbers():
    wb = Workbook()
    ws = wb.active
    ws.append(["key", "value"])
    ws.append(["A", 5])
    ws.append([None, None])
    ws.append(["B", 7])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert read_table(buffer.getvalue(), required=["key", "value"]) == [(2, {"key": "A", "value": "5"}),
                                                                        (4, {"key": "B", "value": "7"})]
    assert read_table("\ufeffkey;value\nA;5\n".encode(), required=["key", "value"]) == [(2, {"key": "A", "value": "5"})]


def test_row_reader_collects_every_error_with_line_and_column():
    errors = []
    reader = RowReader(7, {"n": "abc", "d": "31/02/2024", "c": "x"}, errors)
    reader.integer("n")
    reader.date("d")
    reader.choice("c", [("a", "Alpha")])
    assert [(e.line, e.column) for e in errors] == [(7, "n"), (7, "d"), (7, "c")]
    assert str(errors[0]).startswith("Dòng 7, cột “n”")


def test_vietnamese_number_writing_is_understood():
    assert parse_decimal("183.676") == Decimal("183676")
    assert parse_decimal("17,6") == Decimal("17.6")
    assert parse_decimal("1.234.567,5") == Decimal("1234567.5")
    assert parse_decimal("2.5") == Decimal("2.5")
    assert parse_decimal("abc") is None
