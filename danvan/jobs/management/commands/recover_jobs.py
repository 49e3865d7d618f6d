"""Take back jobs whose worker died (queue them again or fail them visibly) and send lost queue messages again;
with --clean also delete job files no longer needed. The consumer does both on its own (every minute, every
night, and when it starts); operators run this after restoring a machine or a queue."""

from django.core.management.base import BaseCommand

from danvan.jobs.services import clean_files, recover_stalled


class Command(BaseCommand):
    help = "Queue again or fail jobs without a heartbeat; resend waiting jobs; --clean deletes old job files."

    def add_arguments(self, parser):
        parser.add_argument("--clean", action="store_true", help="also delete job files no longer needed")

    def handle(self, *args, **options):
        counts = recover_stalled()
        self.stdout.write(f"requeued={counts['requeued']} failed={counts['failed']} resent={counts['resent']}")
        if options["clean"]:
            self.stdout.write(f"files removed={clean_files()}")
