"""XLSX/CSV import (all or nothing, row and column errors, idempotent) and the re-importable export."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from danvan.core.audit import history_for
from danvan.core.imports import ImportFailed
from danvan.prestige import importers
from danvan.prestige.models import Person, SupportEntry
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db
HEADER = ["external_ref", "unit_key", "former_unit_key", "full_name", "birth_year", "sex", "ethnic_group", "village",
          "role", "phone", "decision_number", "decision_date", "status", "status_date", "status_reason"]


def _xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as a user typed it
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(former_key: str):
    return [
        ["lht-01", "VN-92-31679", former_key, "Thạch Văn Sô", 1958, "Nam", "Khơ-me", "Ấp Lịch Hội",
         "Chức sắc, chức việc tôn giáo", "0912 345 671", "215/QĐ-UBND", "15/03/2023", "", "", ""],
        ["lht-02", "VN-92-31679", "", "Sơn Thị Nga", 1970, "nữ", "05", "Ấp Tố Mỹ", "truong_thon", "",
         "58/QĐ-UBND", "10/09/2025", "", "", ""],
        ["lht-03", "VN-92-31679", former_key, "Trần Văn Lợi", 1950, "Nam", "Hoa", "", "nhan_si", "",
         "215/QĐ-UBND", "2023-03-15", "Đã từ trần", "12/08/2024", ""],
    ]


def test_import_creates_people_audits_counts_and_a_second_import_changes_nothing(province_officer, former):
    result = importers.import_people(actor=province_officer, data=_xlsx(HEADER, _rows(former.key)))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    so = Person.objects.get(external_ref="lht-01")
    assert so.ethnic_group.name == "Khmer" and so.role == "chuc_sac" and so.phone == "0912345671"
    assert so.authority == "district_chairman" and so.former_unit == former
    assert Person.objects.get(external_ref="lht-03").status == "deceased"
    event = history_for(so).get()
    assert event.action == "prestige.person.imported" and event.on_behalf
    assert "0912345671" not in str(event.changes)
    assert RecordFact.objects.filter(source="prestige.person", indicator="prestige.people").exists()
    again = importers.import_people(actor=province_officer, data=_xlsx(HEADER, _rows(former.key)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = _rows(former.key)
    changed[1][7] = "Ấp Bưng Sa"
    third = importers.import_people(actor=province_officer, data=_xlsx(HEADER, changed))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    nga = Person.objects.get(external_ref="lht-02")
    assert nga.village == "Ấp Bưng Sa" and nga.version == 2


def test_a_file_with_errors_writes_nothing_and_names_each_row_and_column(province_officer, former):
    rows = _rows(former.key)
    rows[0][6] = "Người Sao Hỏa"  # no such ethnic group
    rows[1][11] = "31/02/2025"  # no such date
    rows[2][1] = "VN-01-00004"  # a commune of another province
    rows.append(["lht-04", "VN-92-31679", "", "Lâm Văn Tư", 1960, "Nam", "05", "", "gia_lang", "", "1/QĐ",
                 "01/03/2023", "", "", ""])  # before the reform without the former commune
    with pytest.raises(ImportFailed) as failure:
        importers.import_people(actor=province_officer, data=_xlsx(HEADER, rows))
    found = {(e.line, e.column) for e in failure.value.errors}
    assert {(2, "ethnic_group"), (3, "decision_date"), (4, "unit_key"), (5, "former_unit_key")} <= found
    assert not Person.objects.exists()


def test_unknown_or_missing_columns_are_refused(province_officer):
    with pytest.raises(ImportFailed) as failure:
        importers.import_people(actor=province_officer, data=_xlsx(["external_ref", "unit_key", "cccd"], []))
    columns = {e.column for e in failure.value.errors}
    assert "cccd" in columns and "full_name" in columns


def test_a_commune_officer_cannot_import_for_another_commune_nor_a_national_officer_at_all(
        commune_officer, central_officer, former, commune_cantho):
    rows = _rows(former.key)
    rows[1][1] = commune_cantho.key
    with pytest.raises(ImportFailed) as failure:
        importers.import_people(actor=commune_officer, data=_xlsx(HEADER, rows))
    assert [(e.line, e.column) for e in failure.value.errors] == [(3, "unit_key")]
    with pytest.raises(ImportFailed) as failure:
        importers.import_people(actor=central_officer, data=_xlsx(HEADER, _rows(former.key)))
    assert {e.column for e in failure.value.errors} == {"unit_key"}


def test_export_re_imports_unchanged_and_neutralises_formulas(client, province_officer, former):
    rows = _rows(former.key)
    rows[1][7] = "=HYPERLINK(\"http://x\")"
    importers.import_people(actor=province_officer, data=_xlsx(HEADER, rows))
    client.force_login(province_officer)
    response = client.get(reverse("prestige:export_xlsx"), {"trang_thai": ""})
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "=HYPERLINK(\"http://x\")" in cells  # kept as text
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    result = importers.import_people(actor=province_officer, data=data)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_support_import_links_entries_to_people_and_counts_money(province_officer, former):
    importers.import_people(actor=province_officer, data=_xlsx(HEADER, _rows(former.key)))
    header = ["external_ref", "person_ref", "day", "kind", "amount", "provider"]
    rows = [["ht-1", "lht-01", "05/02/2024", "Tặng quà (Tết, lễ)", "500.000", "UBND tỉnh"],
            ["ht-2", "lht-02", "10/02/2026", "gift", 500000, "UBND thành phố"]]
    result = importers.import_support(actor=province_officer, data=_xlsx(header, rows))
    assert result.created == 2
    assert SupportEntry.objects.get(external_ref="ht-1").amount == 500_000
    assert importers.import_support(actor=province_officer, data=_xlsx(header, rows)).unchanged == 2
    bad = [["ht-3", "khong-co", "05/02/2024", "gift", "1", ""], ["ht-4", "lht-02", "05/02/2024", "tiền", "x", ""]]
    with pytest.raises(ImportFailed) as failure:
        importers.import_support(actor=province_officer, data=_xlsx(header, bad))
    assert {(e.line, e.column) for e in failure.value.errors} >= {(2, "person_ref"), (3, "kind"), (3, "amount")}
    assert SupportEntry.objects.count() == 2


def test_support_export_lists_the_entries_of_the_filtered_people(client, province_officer, former):
    importers.import_people(actor=province_officer, data=_xlsx(HEADER, _rows(former.key)))
    header = ["external_ref", "person_ref", "day", "kind", "amount"]
    importers.import_support(actor=province_officer, data=_xlsx(header, [["ht-1", "lht-01", "05/02/2024", "gift",
                                                                          "500.000"]]))
    client.force_login(province_officer)
    response = client.get(reverse("prestige:support_export_xlsx"), {"dan_toc": "05"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("id", "external_ref", "person_ref", "person_name")
    assert [(r[1], r[2], r[6], r[8]) for r in rows[1:]] == [("ht-1", "lht-01", "gift", 500000)]


def test_import_page_shows_every_error(client, province_officer, former):
    rows = _rows(former.key)
    rows[0][5] = "không rõ"
    client.force_login(province_officer)
    upload = io.BytesIO(_xlsx(HEADER, rows))
    upload.name = "nguoi-co-uy-tin.xlsx"
    response = client.post(reverse("prestige:import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and "Dòng 2, cột “sex”" in body
    assert not Person.objects.exists()


def test_command_line_import_and_export(tmp_path, province_officer, central_officer, former):
    from django.core.management import CommandError, call_command

    source = tmp_path / "danh-sach.xlsx"
    source.write_bytes(_xlsx(HEADER, _rows(former.key)))
    out = io.StringIO()
    call_command("import_prestige", str(source), "--user", province_officer.username, stdout=out)
    assert "3 mới" in out.getvalue()
    target = tmp_path / "xuat.xlsx"
    call_command("export_prestige", "--user", province_officer.username, "--unit", "VN-92", "--output", str(target),
                 stdout=io.StringIO())
    names = [row[6] for row in load_workbook(target).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Sơn Thị Nga", "Thạch Văn Sô"]  # in the list today (Trần Văn Lợi died)
    with pytest.raises(CommandError):
        call_command("export_prestige", "--user", central_officer.username, "--output", str(target))
