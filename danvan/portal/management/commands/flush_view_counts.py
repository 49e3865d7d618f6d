from django.core.management.base import BaseCommand

from danvan.portal import counter


class Command(BaseCommand):
    help = "Move the article view counts kept in the cache to the database (run every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="How many recent days to flush (default 2).")

    def handle(self, *args, **options):
        touched = counter.flush(days=options["days"])
        if options["verbosity"]:
            self.stdout.write(f"Đã ghi lượt xem của {touched} bài-ngày vào cơ sở dữ liệu.")
