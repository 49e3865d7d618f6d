import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from danvan.core.imports import ImportFailed
from danvan.registry import services
from danvan.registry import tabular as T
from danvan.registry.importers import import_models
from danvan.registry.models import DvkModel, DvkYear
from danvan.reports.models import RecordFact

D = datetime.date


def xlsx(rows, header=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or T.HEADER)
    for row in rows:
        sheet.append([row.get(column, "") for column in (header or T.HEADER)])
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def row(**values):
    base = {T.REF: "R-1", T.UNIT: "VN-92", T.YEAR: 2025, T.NAME: "Mô hình nhập 1", T.FIELD: "Kinh tế",
            T.STATUS: "Đã đăng ký", T.REGISTERED_ON: "01/03/2025"}
    base.update(values)
    return base


def test_template_has_vietnamese_headers_and_dropdowns(client_for, province_officer):
    response = client_for(province_officer).get("/mo-hinh/mau-nhap.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Mô hình"]
    assert [c.value for c in sheet[1]] == T.HEADER
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    letter = {title: sheet.cell(row=1, column=T.HEADER.index(title) + 1).column_letter
              for title in (T.FIELD, T.STATUS, T.KIND)}
    for title in (T.FIELD, T.STATUS, T.KIND):
        assert f"{letter[title]}2" in validations
    lists = workbook["Danh mục"]
    values = [c.value for c in lists["C"]]
    assert "Kinh tế" in values and "Xây dựng Đảng và hệ thống chính trị" in values


def test_import_creates_and_is_idempotent(province_officer, province_approver, commune_cantho):
    data = xlsx([
        row(),
        row(**{T.REF: "R-2", T.UNIT: commune_cantho.key, T.NAME: "Điển hình cá nhân", T.SUBJECT: "Cá nhân",
               T.PERSON: "Nguyễn Thị Năm", T.FIELD: "van_hoa_xa_hoi", T.SECTOR: "Hội Liên hiệp Phụ nữ"}),
    ])
    result = import_models(actor=province_officer, data=data)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert DvkModel.objects.get(external_ref="R-2").years.get().sector.code == "phu_nu"
    facts = RecordFact.objects.filter(source="registry.model").count()
    again = import_models(actor=province_officer, data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert DvkModel.objects.count() == 2 and DvkYear.objects.count() == 2
    assert RecordFact.objects.filter(source="registry.model").count() == facts
    # A changed value on re-import updates the model in place.
    changed = import_models(actor=province_officer, data=xlsx([row(**{T.NAME: "Mô hình nhập 1 (sửa)"})]))
    assert (changed.created, changed.updated) == (0, 1)
    assert DvkModel.objects.get(external_ref="R-1").name == "Mô hình nhập 1 (sửa)"


def test_import_all_or_nothing_with_row_and_column(province_officer, commune_cantho):
    data = xlsx([
        row(),  # fine
        row(**{T.REF: "R-2", T.UNIT: "VN-99-00000"}),  # unknown unit
        row(**{T.REF: "R-3", T.UNIT: "VN-01"}),  # cannot write Hà Nội
        row(**{T.REF: "R-4", T.SUBJECT: "Cá nhân", T.PERSON: ""}),  # individual without a name
        row(**{T.REF: "R-5", T.NAME: "Mô hình nhập 1"}),  # duplicate of line 2 (name+unit+year)
        row(**{T.REF: "R-6", T.NAME: "Công nhận thiếu", T.STATUS: "Được công nhận", T.LEVEL: "Cấp tỉnh",
               T.DECISION_DATE: "01/02/2025"}),  # no decision number, decision before registration
        row(**{T.REF: "R-7", T.NAME: "Sai danh mục", T.FIELD: "Thể thao", T.STATUS: "Đang chờ"}),
        row(**{T.REF: "R-8", T.NAME: "Ngày sai", T.REGISTERED_ON: "31/02/2025"}),
    ])
    with pytest.raises(ImportFailed) as failure:
        import_models(actor=province_officer, data=data)
    found = {(e.line, e.column) for e in failure.value.errors}
    assert {(3, T.UNIT), (4, T.UNIT), (5, T.PERSON), (6, T.NAME), (7, T.DECISION), (7, T.DECISION_DATE),
            (8, T.FIELD), (8, T.STATUS), (9, T.REGISTERED_ON)} <= found
    messages = [str(e) for e in failure.value.errors]
    assert any(m.startswith("Dòng 3, cột “Mã đơn vị”: không tìm thấy đơn vị") for m in messages)
    assert any("bạn không có quyền nhập dữ liệu" in m for m in messages)
    assert DvkModel.objects.count() == 0  # nothing applied, not even line 2


def test_import_recognition_requires_approver(province_officer, province_approver):
    data = xlsx([row(**{T.STATUS: "Được công nhận", T.LEVEL: "Cấp tỉnh", T.DECISION: "12-QĐ/TU",
                        T.DECISION_DATE: "01/11/2025"})])
    with pytest.raises(ImportFailed) as failure:
        import_models(actor=province_officer, data=data)
    assert failure.value.errors[0].column == T.LEVEL
    result = import_models(actor=province_approver, data=data)
    assert result.created == 1
    year = DvkYear.objects.get()
    assert (year.status, year.recognised_on, year.recognised_year) == ("recognised", D(2025, 11, 1), 2025)
    assert RecordFact.objects.filter(indicator="dvk.recognised.collective", day=D(2025, 11, 1)).count() == 1


def test_import_rejects_duplicate_of_existing_record(province_officer, new_model, unit):
    new_model(province_officer, unit("VN-92"), name="Đã có")
    with pytest.raises(ImportFailed) as failure:
        import_models(actor=province_officer, data=xlsx([row(**{T.NAME: "đã có"})]))
    assert failure.value.errors[0].column == T.NAME


def test_xlsx_round_trip(client_for, province_approver, recognised_model, new_model, commune_officer, commune_cantho):
    recognised_model(name="Được công nhận", subject="ca_nhan", person_name="Lê Văn Tám")
    new_model(commune_officer, commune_cantho, name="Chỉ đăng ký", situation="Dòng 1\nDòng 2")
    client = client_for(province_approver)
    response = client.get("/mo-hinh/xuat.xlsx", {"nam": 2025})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == T.HEADER and sheet.max_row == 3
    before_models = list(DvkModel.objects.order_by("pk").values())
    before_years = list(DvkYear.objects.order_by("pk").values())
    result = client.post("/mo-hinh/nhap/", {"file": _upload(content)}, follow=True)
    assert "0 mới, 0 cập nhật, 2 không đổi" in result.content.decode()
    assert list(DvkModel.objects.order_by("pk").values()) == before_models
    assert list(DvkYear.objects.order_by("pk").values()) == before_years


def _upload(content, name="mo-hinh.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_csv_export_is_scoped_and_filtered(client_for, new_model, province_officer, hanoi_officer, unit, van_hoa):
    new_model(province_officer, unit("VN-92"), name="Cần Thơ kinh tế")
    new_model(province_officer, unit("VN-92"), name="Cần Thơ văn hóa", field=van_hoa)
    new_model(hanoi_officer, unit("VN-01"), name="Hà Nội")
    response = client_for(province_officer).get("/mo-hinh/xuat.csv", {"linh_vuc": "van_hoa_xa_hoi"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Cần Thơ văn hóa" in text and "Cần Thơ kinh tế" not in text and "Hà Nội" not in text
    text = b"".join(client_for(hanoi_officer).get("/mo-hinh/xuat.csv").streaming_content).decode("utf-8-sig")
    assert "Hà Nội" in text and "Cần Thơ" not in text


def test_import_page_shows_errors(client_for, province_officer):
    page = client_for(province_officer).post("/mo-hinh/nhap/", {
        "file": _upload(xlsx([row(**{T.UNIT: "KHONG-CO"})]))}).content.decode()
    assert "Dòng 2, cột “Mã đơn vị”" in page
    assert DvkModel.objects.count() == 0


def test_import_service_used_by_services_rules(province_officer):
    # Same duplicate rule in the service and the importer.
    import_models(actor=province_officer, data=xlsx([row()]))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_model(actor=province_officer, unit=DvkModel.objects.get().unit, year=2025,
                              data={"name": "Mô hình nhập 1", "field": DvkModel.objects.get().field},
                              register=True, registered_on=D(2025, 4, 1))
