import time

from django.core.management.base import BaseCommand

from danvan.orgunits.loaders import build_country, former_province_names
from danvan.orgunits.services import unit_names_upsert, units_upsert


class Command(BaseCommand):
    help = "Load or refresh the unit tree from the vietnamadminunits package (idempotent)."

    def handle(self, *args, **options):
        started = time.monotonic()
        specs, successions = build_country()
        stats = units_upsert(specs, successions)
        renamed = unit_names_upsert(former_province_names())
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"Đơn vị: {stats.created} mới, {stats.updated} cập nhật, {stats.unchanged} không đổi; "
            f"quan hệ kế thừa: {stats.successions_created} mới, {stats.successions_updated} cập nhật; "
            f"tên cũ: {renamed} mới hoặc cập nhật "
            f"({time.monotonic() - started:.1f} giây)."
        )
