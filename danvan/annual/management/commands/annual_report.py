"""python manage.py annual_report UNIT_KEY YEAR --format json|docx|xlsx|html [--boundaries …] [--output PATH]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.annual import exports, selectors
from danvan.orgunits.selectors import unit_by_key

FORMATS = ("json", "docx", "xlsx", "html")


class Command(BaseCommand):
    help = "Báo cáo tổng kết công tác dân vận năm của một đơn vị (JSON, DOCX, XLSX hoặc HTML để in)."

    def add_arguments(self, parser):
        parser.add_argument("unit_key", help="Mã đơn vị, ví dụ VN, VN-92, VN-93")
        parser.add_argument("year", help="Năm báo cáo, ví dụ 2023")
        parser.add_argument("--format", default="json", choices=FORMATS)
        parser.add_argument("--boundaries", default="historical", help="historical (mặc định) hoặc current")
        parser.add_argument("--output", help="Tệp kết quả; bắt buộc với DOCX/XLSX (mặc định: tên tự đặt)")

    def handle(self, *args, unit_key, year, format, boundaries, output, **options):  # noqa: A002
        unit = unit_by_key(unit_key.strip())
        if unit is None:
            raise CommandError(_("Không có đơn vị mã “%(key)s”.") % {"key": unit_key})
        try:
            year = selectors.parse_year(year)
            boundaries = selectors.parse_boundaries(boundaries)
            selectors.check_unit_in_year(unit, year)
        except selectors.BadRequest as error:
            raise CommandError(str(error)) from None
        report = selectors.find_report(unit, year, boundaries)
        payload = selectors.build_payload(unit=unit, year=year, boundaries=boundaries, report=report)
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
