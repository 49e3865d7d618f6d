"""Recompute every activity's facts (after an administrator changed the flags of an activity kind)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from danvan.activities.facts import sync_facts_bulk
from danvan.activities.models import Activity


class Command(BaseCommand):
    help = "Tính lại dữ liệu chỉ tiêu (facts) của mọi hoạt động theo quy tắc đếm hiện hành."

    def handle(self, *args, **options):
        total = 0
        qs = Activity.objects.select_related("kind", "sector").order_by("pk")
        last = 0
        while True:
            batch = list(qs.filter(pk__gt=last)[:5000])
            if not batch:
                break
            with transaction.atomic():
                sync_facts_bulk(batch)
            total += len(batch)
            last = batch[-1].pk
        self.stdout.write(f"Đã tính lại facts của {total} hoạt động.")
