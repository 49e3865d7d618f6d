import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from danvan.core.imports import ImportFailed
from danvan.core.models import AuditEvent
from danvan.orgunits.models import OrgUnit
from danvan.reports import selectors
from danvan.reports.importers import import_datavalues
from danvan.reports.models import DataValue

pytestmark = pytest.mark.django_db

SEED_2023 = {
    "dvk.registered": 183676, "dvk.recognised.collective": 75340, "dvk.recognised.individual": 45282,
    "conference.dissemination": 14342, "conference.dissemination.attendees": 949721, "competition": 281,
    "media": 3790, "commendation.collective": 12911, "commendation.individual": 18492,
}
PROVINCES = ["VN-01", "VN-79", "VN-92", "VN-93"]


def seed_csv() -> tuple[str, dict]:
    """The 2023 national seed figures spread over four provinces; also Hậu Giang's 143 dialogues."""
    lines = ["unit,period,indicator,value"]
    per_province: dict[str, dict[str, int]] = {key: {} for key in PROVINCES}
    for code, total in SEED_2023.items():
        shares = [total // 7, total // 5, total // 3]
        shares.append(total - sum(shares))
        for key, share in zip(PROVINCES, shares, strict=True):
            per_province[key][code] = share
            lines.append(f"{key},2023,{code},{share}")
    lines.append("VN-93,2023,dialogue,5")
    districts = list(OrgUnit.objects.filter(parent__key="VN-93").order_by("path"))
    district_values = [4, 4, 3, 3, 3, 3, 3, 0][: len(districts)]
    district_values[-1] += 23 - sum(district_values)
    commune_total = 0
    for district, value in zip(districts, district_values, strict=True):
        lines.append(f"{district.key},2023,dialogue,{value}")
        for commune in OrgUnit.objects.filter(parent=district).order_by("path")[:3]:
            share = 5 if commune_total + 5 <= 115 else 115 - commune_total
            commune_total += share
            lines.append(f"{commune.key},2023,dialogue,{share}")
    assert commune_total == 115
    return "\n".join(lines) + "\n", per_province


def test_seed_sentence_figures_from_imported_csv(unit):
    text, per_province = seed_csv()
    result = import_datavalues(actor=None, data=text.encode(), file_name="seed.csv")
    assert result.updated == 0 and result.created == len(text.strip().splitlines()) - 1
    national = selectors.annual_figures(unit=unit("VN"), year=2023)
    figures = national["figures"]
    for code, total in SEED_2023.items():
        assert figures[code] == total
        assert total == sum(per_province[key][code] for key in PROVINCES)
    assert figures["dvk.recognised"] == 120622
    assert national["figures"]["dialogue"] == 143
    children = {row["unit"]: row["figures"] for row in national["by_child"]}
    for key in PROVINCES:
        assert children[key]["dvk.registered"] == per_province[key]["dvk.registered"]
    hau_giang = selectors.annual_figures(unit=unit("VN-93"), year=2023, indicators=["dialogue"])
    assert hau_giang["figures"]["dialogue"] == 143
    assert hau_giang["by_level"]["dialogue"] == {"central": 0, "province": 5, "district": 23, "commune": 115}
    assert national["as_of"]
    # Re-import of the same file is a no-op.
    again = import_datavalues(actor=None, data=text.encode(), file_name="seed.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, result.created)


def test_changed_value_is_an_audited_update(unit):
    import_datavalues(actor=None, data=b"unit,period,indicator,value\nVN-93,2023,media,10\nVN-92,2023,media,2\n")
    result = import_datavalues(actor=None, data=b"unit,period,indicator,value\nVN-93,2023,media,12\n"
                                                b"VN-92,2023,media,2\n", file_name="b.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    dv = DataValue.objects.get(unit__key="VN-93", indicator_id="media")
    assert dv.value == 12 and dv.version == 2
    event = AuditEvent.objects.get(action="reports.datavalue.updated", target_id=str(dv.pk))
    assert event.changes == {"value": ["10.00", "12.00"]}
    assert AuditEvent.objects.filter(action="reports.datavalue.imported").count() == 2
    assert selectors.figures(unit=unit("VN"), period="2023", indicators=["media"])["media"] == 14


def test_every_bad_row_reported_with_line_and_column_nothing_changed(make_user):
    officer = make_user("VN-93", "officer")
    text = "\n".join([
        "unit,period,indicator,value,category,sector",
        "VN-93,2023,media,5,,",            # 2 fine
        "VN-XX,2023,media,5,,",            # 3 unknown unit
        "VN-93,2023Q9,media,5,,",          # 4 malformed period
        "VN-93,2023,khong.co,5,,",         # 5 unknown indicator
        "VN-01,2023,media,5,,",            # 6 outside scope
        "VN-93,2023,media,abc,,mttq",      # 7 non-numeric (and a fine sector)
        "VN-93,2022,media,-3,,",           # 8 negative
        "VN-93,2026,media,1,,",            # 9 period the unit did not exist in
        "VN-93,2023,media,1,,khong_co",    # 10 unknown sector
        "VN-93,2023,dvk.recognised,1,,",   # 11 formula
        "VN-93,2023,media,7,,",            # 12 duplicate of line 2
    ]) + "\n"
    with pytest.raises(ImportFailed) as failed:
        import_datavalues(actor=officer, data=text.encode())
    found = {(e.line, e.column) for e in failed.value.errors}
    assert found == {(3, "unit"), (4, "period"), (5, "indicator"), (6, "unit"), (7, "value"), (8, "value"),
                     (9, "period"), (10, "sector"), (11, "indicator"), (12, "")}
    messages = {(e.line, e.column): str(e) for e in failed.value.errors}
    assert "Dòng 3" in messages[(3, "unit")] and "VN-XX" in messages[(3, "unit")]
    assert "phạm vi" in messages[(6, "unit")]
    assert "âm" in messages[(8, "value")]
    assert "không tồn tại" in messages[(9, "period")]
    assert not DataValue.objects.exists()


def test_missing_column_refused():
    with pytest.raises(ImportFailed) as failed:
        import_datavalues(actor=None, data=b"unit,period,value\nVN-93,2023,5\n")
    assert [(e.line, e.column) for e in failed.value.errors] == [(1, "indicator")]


def test_command_with_user_scope(tmp_path, make_user, unit):
    make_user("VN-93", "officer", username="hg.canbo")
    path = tmp_path / "values.csv"
    path.write_text("unit,period,indicator,value\nVN-01,2023,media,5\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_datavalues", str(path), "--user", "hg.canbo", stderr=err)
    assert "Dòng 2" in err.getvalue()
    out = io.StringIO()
    call_command("import_datavalues", str(path), stdout=out)  # system: unrestricted
    assert "1 mới" in out.getvalue()
    assert selectors.figures(unit=unit("VN"), period="2023", indicators=["media"])["media"] == Decimal(5)
    with pytest.raises(CommandError):
        call_command("import_datavalues", str(tmp_path / "none.csv"))


def test_semicolon_csv_and_xlsx(unit):
    from openpyxl import Workbook

    import_datavalues(actor=None, data=b"unit;period;indicator;value\nVN-93;2023;media;1.234\n")
    assert DataValue.objects.get().value == 1234
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["unit", "period", "indicator", "value", "sector"])
    sheet.append(["VN-93", "2023Q1", "dialogue", 7, "mttq"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_datavalues(actor=None, data=buffer.getvalue(), file_name="v.xlsx")
    assert result.created == 1
    assert DataValue.objects.get(indicator_id="dialogue").sector == "mttq"
    assert selectors.figures(unit=unit("VN"), period="2023", indicators=["dialogue"])["dialogue"] == 7


def test_imported_rows_store_every_column_as_given(make_user):
    """The import's fast COPY path on PostgreSQL (one formatted line a row) stores what the ORM would."""
    officer = make_user("VN-92", "officer")
    data = "unit,period,indicator,value,category\nVN-92,2023,dvk.registered,1234.50,\nVN-92,2023Q1,dialogue,7,\n"
    result = import_datavalues(actor=officer, data=data, file_name="hai-dong.csv")
    assert result.created == 2
    stored = {dv.indicator_id: dv for dv in DataValue.objects.filter(unit__key="VN-92", year=2023)}
    registered, dialogue = stored["dvk.registered"], stored["dialogue"]
    assert registered.value == Decimal("1234.50") and registered.period == "2023"
    assert registered.period_type == "year" and registered.category == "" and registered.sector == ""
    assert dialogue.period == "2023Q1" and dialogue.period_type == "quarter" and dialogue.value == 7
    for value in (registered, dialogue):
        assert value.entered_by == officer and value.version == 1
        assert value.created_at == value.updated_at and value.created_at is not None
