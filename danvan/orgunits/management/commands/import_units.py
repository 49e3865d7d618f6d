from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.core.imports import ImportFailed
from danvan.orgunits.importers import import_units


class Command(BaseCommand):
    help = "Upsert units from a CSV: key,name,kind,parent_key,valid_from,valid_to,successor_keys (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {file}")
        try:
            stats = import_units(path.read_bytes())
        except ImportFailed as failure:
            raise CommandError("Không nhập được; chưa có gì thay đổi:\n" + str(failure)) from None
        except ValueError as error:
            raise CommandError(f"Không nhập được; chưa có gì thay đổi: {error}") from None
        self.stdout.write(f"Đã nhập: {stats.created} đơn vị mới, {stats.updated} cập nhật, "
                          f"{stats.unchanged} không đổi.")
