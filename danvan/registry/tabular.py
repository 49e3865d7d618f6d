"""Columns shared by the XLSX template, the importer and the exports (an export re-imports unchanged)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from danvan.orgunits.models import Sector

from .models import DvkModel, DvkYear, Field, Level

REF = "Mã tham chiếu"
UNIT = "Mã đơn vị"
UNIT_NAME = "Tên đơn vị"
YEAR = "Năm"
NAME = "Tên mô hình, điển hình"
KIND = "Loại"
SUBJECT = "Tập thể/Cá nhân"
GROUP = "Tên tập thể"
PERSON = "Họ và tên cá nhân"
POSITION = "Chức vụ"
PERSON_UNIT = "Đơn vị công tác"
FIELD = "Lĩnh vực"
SECTOR = "Khối"
STATUS = "Trạng thái"
REGISTERED_ON = "Ngày đăng ký"
LEVEL = "Cấp công nhận"
BODY = "Cơ quan công nhận"
DECISION = "Số quyết định"
DECISION_DATE = "Ngày quyết định"
RECOGNISED_ON = "Ngày công nhận"
REASON = "Lý do không công nhận"
CONTENT = {
    "situation": "Sự cần thiết, lý do",
    "goals": "Mục tiêu, tiêu chí đánh giá",
    "content_method": "Nội dung, cách thức thực hiện",
    "scope_target": "Phạm vi, đối tượng",
    "forces": "Lực lượng tham gia",
    "resources": "Nguồn lực",
    "timeline": "Thời gian thực hiện",
    "outputs": "Sản phẩm, kết quả kiểm chứng",
    "sustainability": "Tính bền vững, khả năng nhân rộng",
}
REQUIRED = [UNIT, YEAR, NAME, FIELD]
OPTIONAL = [REF, UNIT_NAME, KIND, SUBJECT, GROUP, PERSON, POSITION, PERSON_UNIT, SECTOR, STATUS, REGISTERED_ON,
            LEVEL, BODY, DECISION, DECISION_DATE, RECOGNISED_ON, REASON, *CONTENT.values()]
HEADER = [REF, UNIT, UNIT_NAME, YEAR, NAME, KIND, SUBJECT, GROUP, PERSON, POSITION, PERSON_UNIT, FIELD, SECTOR,
          STATUS, REGISTERED_ON, LEVEL, BODY, DECISION, DECISION_DATE, RECOGNISED_ON, REASON, *CONTENT.values()]
IMPORT_STATUSES = [DvkYear.Status.DRAFT, DvkYear.Status.REGISTERED, DvkYear.Status.UNDER_ASSESSMENT,
                   DvkYear.Status.RECOGNISED, DvkYear.Status.NOT_RECOGNISED]


def model_ref(model: DvkModel) -> str:
    """The reference written to exports: the import's own reference, else the internal number."""
    return model.external_ref or f"DVK-{model.pk}"


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def export_rows(rows: Iterable[DvkYear]) -> Iterator[list]:
    for y in rows:
        m = y.model
        yield [model_ref(m), y.unit.key, y.unit.name, y.year, m.name, m.get_kind_display(), m.get_subject_display(),
               m.group_name, m.person_name, m.person_position, m.person_unit, y.field.name,
               y.sector.name if y.sector_id else "", y.get_status_display(), _date(y.registered_on),
               y.get_recognition_level_display() if y.recognition_level else "", y.recognising_body,
               y.decision_number, _date(y.decision_date), _date(y.recognised_on), y.not_recognised_reason,
               *[getattr(m, name) for name in CONTENT]]


def export_queryset(qs):
    return qs.select_related("model", "unit", "field", "sector").iterator(chunk_size=2000)


def template_workbook() -> bytes:
    """The import template: Vietnamese headers, drop-downs fed from a "Danh mục" sheet, one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Mô hình"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(["VD-001", "VN-92", "Thành phố Cần Thơ", 2025, "Mô hình “Dân vận khéo” ví dụ",
                  str(DvkModel.Kind.MODEL.label), str(DvkModel.Subject.COLLECTIVE.label), "", "", "", "",
                  "Kinh tế", "", str(DvkYear.Status.REGISTERED.label), "15/03/2025", "", "", "", "", "", "",
                  *["" for _ in CONTENT]])
    lists = workbook.create_sheet("Danh mục")
    columns = {
        KIND: [str(label) for _c, label in DvkModel.Kind.choices],
        SUBJECT: [str(label) for _c, label in DvkModel.Subject.choices],
        FIELD: list(Field.objects.filter(is_active=True, province__isnull=True).values_list("name", flat=True)),
        SECTOR: list(Sector.objects.values_list("name", flat=True)),
        STATUS: [str(DvkYear.Status(code).label) for code in IMPORT_STATUSES],
        LEVEL: [str(label) for _c, label in Level.choices],
    }
    for index, (title, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        target = get_column_letter(HEADER.index(title) + 1)
        validation = DataValidation(type="list", formula1=f"='Danh mục'!${letter}$2:${letter}${len(values) + 1}",
                                    allow_blank=True, showErrorMessage=title != FIELD)
        validation.error = _("Chọn một giá trị trong danh sách.")
        validation.errorTitle = title
        sheet.add_data_validation(validation)
        validation.add(f"{target}2:{target}5000")
    for index, title in enumerate(HEADER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(title) + 4))
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()
