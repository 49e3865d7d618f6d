"""python manage.py annual_report UNIT_KEY YEAR|YEARS1 --format json|docx|xlsx|html [--boundaries …] [--date YYYY-MM-DD]
[--output PATH]"""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.annual import exports, selectors
from danvan.annual.models import AnnualReport
from danvan.orgunits.selectors import unit_by_key

FORMATS = ("json", "docx", "xlsx", "html")


class Command(BaseCommand):
    help = "Báo cáo tổng kết công tác dân vận năm của một đơn vị (JSON, DOCX, XLSX hoặc HTML để in)."

    def add_arguments(self, parser):
        parser.add_argument("unit_key", help="Mã đơn vị, ví dụ VN, VN-92, VN-93")
        parser.add_argument("year", help="Năm báo cáo (2023) hoặc 6 tháng đầu năm (2026S1)")
        parser.add_argument("--format", default="json", choices=FORMATS)
        parser.add_argument("--boundaries", default="historical", help="historical (mặc định) hoặc current")
        parser.add_argument("--date", help="Ngày ban hành in trên báo cáo (YYYY-MM-DD); mặc định: ngày đã lưu, "
                                               "hoặc để trống “ngày … tháng … năm …”")
        parser.add_argument("--output", help="Tệp kết quả; bắt buộc với DOCX/XLSX (mặc định: tên tự đặt)")

    def handle(self, *args, unit_key, year, format, boundaries, output, date=None, **options):  # noqa: A002
        unit = unit_by_key(unit_key.strip())
        if unit is None:
            raise CommandError(_("Không có đơn vị mã “%(key)s”.") % {"key": unit_key})
        try:
            year, half = selectors.parse_period(year)
            boundaries = selectors.parse_boundaries(boundaries)
            selectors.check_unit_in_year(unit, year, half)
        except selectors.BadRequest as error:
            raise CommandError(str(error)) from None
        report = selectors.find_report(unit, year, boundaries, half)
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(_("Ngày “%(value)s” không hợp lệ: dùng YYYY-MM-DD, ví dụ 2023-12-27.") % {
                    "value": date}) from None
            if report is not None and report.is_final:
                raise CommandError(_("Báo cáo đã hoàn thành: ngày ban hành đã cố định, không đổi được bằng --date."))
            report = report or AnnualReport(unit=unit, year=year, half=half, boundaries=boundaries)
            report.report_date = day  # for this output only; nothing is saved
        payload = selectors.build_payload(unit=unit, year=year, boundaries=boundaries, report=report, half=half)
        if format in ("json", "html") and not output:
            text = json.dumps(exports.json_payload(payload), ensure_ascii=False, indent=2) if format == "json" \
                else exports.html(payload)
            self.stdout.write(text)
            return
        path = Path(output or exports.filename(payload, format))
        try:
            exports.write(payload, format, path)
        except OSError as error:
            raise CommandError(_("Không ghi được tệp %(path)s: %(error)s") % {
                "path": path, "error": error.strerror or error}) from None
        if not output:
            self.stderr.write(_("Chưa có --output: đã ghi vào %(path)s") % {"path": path})
        else:
            self.stderr.write(_("Đã ghi %(path)s") % {"path": path})
